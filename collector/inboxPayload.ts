/**
 * Turns one inbox entry (a hook payload as Claude Code wrote it) into the NDJSON item the drain ships, or
 * says why it cannot be shipped. Nothing here recurses deeper than `MAX_JSON_DEPTH` and nothing throws: a
 * payload that breaks any step is a value (`reject`), so one bad entry never holds up the entries after it.
 *
 * The payload ships as its redacted text, spliced into the item line, so its numbers and ids keep their bytes
 * (`12345678901234567890`, `1.0`: a parse and re-serialise would make them `12345678901234567000`, `1`).
 */
import { isJsonObject, parseJson } from '../events/jsonObject.js';
import { hookEventNameProblem, isHookPayload } from '../events/hookPayloadCheck.js';
import { isSessionId } from '../events/sessionId.js';
import type { EncodedItem } from '../events/ndjsonBatch.js';
import type { InboxEntry } from './collectorState.js';
import { cutDeeperThan, MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth.js';
import { redactSecrets } from './redact.js';

/** How long an inbox entry that does not parse may still be being written, in ms. */
export const INCOMPLETE_GRACE_MS = 2_000;

export type PreparedEntry =
  /** Not JSON yet and young: the hook command may still be writing it. */
  | { kind: 'wait' }
  /** Cannot be shipped: set it aside with `reason`. */
  | { kind: 'reject'; reason: string }
  | {
      kind: 'ship';
      sessionId: string;
      hookEventName: string;
      transcriptPath: string | undefined;
      cwd: string | undefined;
      /** The `{"kind":"hook",…}` item, redacted, as its NDJSON line. */
      item: EncodedItem;
      /** Set when what ships differs from the entry (deep values cut): keep the original aside with this. */
      setAsideOriginal?: string;
    };

/**
 * Parses, checks and redacts one inbox entry. `nowMs` is the wall clock (ms), compared with the entry's
 * mtime. Payloads nested deeper than `MAX_JSON_DEPTH` ship with the deeper values replaced by a marker and
 * `kapTruncated: true` (the hook event still counts for the session), the original set aside.
 */
export function prepareEntry(entry: InboxEntry, nowMs: number): PreparedEntry {
  try {
    if (entry.tooLarge) return { kind: 'reject', reason: `hook payload of ${entry.bytes} bytes: over the collector's limit` };
    const parsed = parseJson(entry.text);
    // The hook command writes entries in place: one that does not parse yet may still be being written.
    if (parsed === undefined) return nowMs - entry.writtenAt.getTime() < INCOMPLETE_GRACE_MS ? { kind: 'wait' } : { kind: 'reject', reason: 'not JSON' };
    const deep = nestsDeeperThan(entry.text);
    // The checks the ingest makes of the fields Kap reads (events/hookPayloadCheck.ts), by hand: no zod in the
    // drainer (it starts once per burst of hooks). An entry the ingest would refuse is set aside alone here,
    // instead of getting its whole batch refused.
    const candidate = deep ? cutDeeperThan(parsed) : parsed;
    if (!isJsonObject(candidate) || !isHookPayload(candidate) || !isSessionId(candidate.session_id)) {
      return { kind: 'reject', reason: 'not a Claude Code hook payload with a usable session_id' };
    }
    const nameProblem = hookEventNameProblem(candidate.hook_event_name);
    if (nameProblem) return { kind: 'reject', reason: nameProblem };
    const checked = { data: candidate };
    let redactedText: string;
    let redacted: unknown;
    try {
      redactedText = redactSecrets(entry.text).trim();
      redacted = parseJson(redactedText);
    } catch (error) {
      // Never ship what could not be redacted.
      return { kind: 'reject', reason: `redaction failed: ${(error as Error).message}` };
    }
    const payload = isJsonObject(redacted)
      ? deep
        ? { ...(cutDeeperThan(redacted) as Record<string, unknown>), kapTruncated: true }
        : redacted
      : // Redaction keeps JSON valid by construction; if it ever did not, send nothing that was not redacted.
        { session_id: checked.data.session_id, hook_event_name: checked.data.hook_event_name, kapRedactionFailed: true };
    return {
      kind: 'ship',
      sessionId: checked.data.session_id,
      hookEventName: checked.data.hook_event_name,
      transcriptPath: checked.data.transcript_path,
      cwd: checked.data.cwd,
      item: { kind: 'encoded', ndjson: itemLine(entry.observedAt, payload, payload === redacted ? redactedText : undefined) },
      ...(deep ? { setAsideOriginal: `nested deeper than ${MAX_JSON_DEPTH} levels: shipped with the deeper values cut (kapTruncated)` } : {}),
    };
  } catch (error) {
    return { kind: 'reject', reason: `could not be prepared: ${(error as Error).message}` };
  }
}

/**
 * The `{"kind":"hook",…}` NDJSON line. `payloadText` is the payload's JSON text when it ships as written
 * (redacted, trimmed): spliced as it is, unless it spans lines (a pretty-printed payload: NDJSON holds one item
 * a line), then the payload is re-serialised.
 */
function itemLine(observedAt: string, payload: unknown, payloadText: string | undefined): string {
  if (payloadText === undefined || /[\r\n]/.test(payloadText)) return JSON.stringify({ kind: 'hook', observedAt, payload });
  return `{"kind":"hook","observedAt":${JSON.stringify(observedAt)},"payload":${payloadText}}`;
}


