/**
 * A session's new transcript lines as ingest items: read from each file's last shipped offset, redacted,
 * oversized lines shrunk, lines nested deeper than `MAX_JSON_DEPTH` cut. A line that breaks any of these
 * steps is handed back as `rejected` (to be set aside) instead of stopping the session; a file that cannot
 * be read (a directory, a FIFO, gone) is skipped with its offset kept, so nothing is lost.
 */
import { isJsonObject, parseJson } from '../events/jsonObject.js';
import { statSync } from 'node:fs';
import type { BatchItem } from '../events/ingestBatch.js';
import { cutDeeperThan, MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth.js';
import type { Offsets } from './collectorState.js';
import { redactSecrets } from './redact.js';
import { shrinkLine } from './shrinkLine.js';
import { sessionTranscriptFiles } from './transcriptFiles.js';
import { readTail } from './transcriptTail.js';

export interface TranscriptItems {
  items: BatchItem[];
  /** Lines not shipped as written: the original text and why (set aside by the caller). */
  rejected: { text: string; reason: string }[];
  /** Files that could not be read, with the error (their offsets are unchanged). */
  unreadable: { path: string; message: string }[];
}

/**
 * The lines written since `offsets` (file path → bytes shipped; updated in place to what was read) to the
 * session whose main transcript is `transcriptPath`, and its subagents' files. Never throws.
 */
export function newTranscriptItems(transcriptPath: string | undefined, offsets: Offsets): TranscriptItems {
  const out: TranscriptItems = { items: [], rejected: [], unreadable: [] };
  if (!transcriptPath) return out;
  for (const { file, path } of sessionTranscriptFiles(transcriptPath)) {
    try {
      // Only regular files: opening a FIFO would block, reading a directory throws.
      if (!statSync(path).isFile()) throw new Error('not a regular file');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') out.unreadable.push({ path, message: (error as Error).message });
      continue;
    }
    let tail: ReturnType<typeof readTail>;
    try {
      tail = readTail(path, offsets.get(path) ?? 0);
    } catch (error) {
      out.unreadable.push({ path, message: (error as Error).message });
      continue;
    }
    for (const line of tail.lines) {
      const prepared = prepareLine(line.text);
      if (prepared.text !== undefined) out.items.push({ kind: 'line', file, offset: line.offset, text: prepared.text });
      if (prepared.reason !== undefined) out.rejected.push({ text: line.text, reason: `${path} at byte ${line.offset}: ${prepared.reason}` });
    }
    offsets.set(path, tail.nextOffset);
  }
  return out;
}

/**
 * One line, ready to ship (`text`), and/or the reason it is not shipped as written (`reason`): a line nested
 * too deep ships cut and is also set aside; a line that is not a JSON object (torn by a crash mid-write, an
 * array, not JSON) or fails redaction is not shipped at all, so it never takes its batch down with it (the
 * ingest refuses a batch whole for one bad line).
 */
export function prepareLine(text: string): { text?: string; reason?: string } {
  let reason: string | undefined;
  let line = text;
  try {
    const deep = nestsDeeperThan(text);
    const parsed = parseJson(text);
    if (!isJsonObject(parsed)) return { reason: 'not a JSON object (a torn or foreign line): not shipped' };
    if (deep) {
      line = JSON.stringify({ ...(cutDeeperThan(parsed) as Record<string, unknown>), kapTruncated: true });
      reason = `nested deeper than ${MAX_JSON_DEPTH} levels: shipped with the deeper values cut (kapTruncated)`;
    }
  } catch (error) {
    return { reason: `could not be read: ${(error as Error).message}` };
  }
  try {
    return { text: shrinkLine(redactSecrets(line)), ...(reason ? { reason } : {}) };
  } catch (error) {
    // Never ship what could not be redacted.
    return { reason: `redaction failed: ${(error as Error).message}` };
  }
}


