/**
 * The collector's shipping: hook payloads wait in the inbox (written by Kap's hook command, see
 * hookCommandScript.ts, or by `kap hook` itself); a drainer ships them, in the order the hooks fired, each
 * after the transcript lines its session wrote since the last shipment (main and subagent files), redacted,
 * to the ingest. Every drain first ships what the spool holds, session by session (spool.ts).
 *
 * What cannot ship never holds up what comes after it:
 * - an inbox entry that is not a hook payload, too large, or breaks redaction is set aside (`rejected/`);
 *   one nested too deep ships with its deep values cut, the original set aside (inboxPayload.ts);
 * - a batch the ingest refuses (4xx) is set aside at once with the ingest's answer;
 * - a batch the ingest fails on (5xx, connection broken mid-request) while it still answers `/healthz` is
 *   spooled with a failed attempt and retried after a back-off on later drains; after `MAX_ATTEMPTS` it is
 *   set aside. Meanwhile its session's later batches wait behind it (a stream keeps its order), others ship;
 * - when the ingest is unreachable, everything is spooled and nothing counts as an attempt.
 * Nothing here throws or writes to stdout (Claude Code may read a hook's stdout as a decision).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CollectorLogger } from './collectorLog.js';
import lockfile from 'proper-lockfile';
import type { SessionContext } from '../events/ingestBatch.js';
import type { EncodedItem } from '../events/ndjsonBatch.js';
import { encodeNdjsonBody } from '../events/ndjsonBatch.js';
import type { OutgoingItem } from './batching.js';
import { toBatches } from './batching.js';
import type { CollectorPaths } from './collectorState.js';
import { addToInbox, loadOffsets, preparePrivateDirs, readInbox, removeFile, saveOffsets, setAside, setAsideFile } from './collectorState.js';
import type { PreparedEntry } from './inboxPayload.js';
import { prepareEntry } from './inboxPayload.js';
import type { IngestTarget, PostOutcome } from './ingestClient.js';
import { postBatch, probeIngest } from './ingestClient.js';
import { ensurePrivateDir } from '../stores/privateFiles.js';
import type { SpooledBatch } from './spool.js';
import { isDue, MAX_ATTEMPTS, recordFailedAttempt, spoolBatches, spooledBatches, spooledBySession } from './spool.js';
import { newTranscriptItems } from './transcriptItems.js';

/** Hook events after which Claude Code may still be writing the transcript's last lines. */
const SETTLE_AFTER = new Set(['Stop', 'SubagentStop', 'SessionEnd', 'StopFailure']);

export interface DrainOptions {
  paths: CollectorPaths;
  target: IngestTarget;
  now: () => Date;
  logger: CollectorLogger;
  readContext: (cwd: string | undefined) => Promise<SessionContext>;
  /** Longest wait for the transcript to settle after Stop / SubagentStop / SessionEnd, in ms. Default 3000. */
  settleMs?: number;
  /** Retry spooled batches that failed before without waiting out their back-off (`kap sync`). */
  retryNow?: boolean;
}

export interface DrainReport {
  /** Batches of inbox payloads the ingest took. */
  shipped: number;
  /** Batches put in the spool (ingest unreachable, or waiting behind a batch that failed). */
  spooled: number;
  /** Batches, inbox entries and transcript lines set aside under `collector/rejected`. */
  setAside: number;
  /** Spooled batches the ingest took. */
  spoolShipped: number;
  /** Inbox entries that were not hook payloads (set aside; also counted in `setAside`). */
  invalid: number;
  /** Attempts the ingest failed on (the batch is kept, or set aside after `MAX_ATTEMPTS`). */
  failedAttempts: number;
  /** Whether the ingest was unreachable at some point of the drain, and why (the last such failure). */
  unreachable?: string;
}

export const emptyReport = (): DrainReport => ({ shipped: 0, spooled: 0, setAside: 0, spoolShipped: 0, invalid: 0, failedAttempts: 0 });

/**
 * `kap hook` with a payload on stdin: puts it in the inbox, then drains the inbox. Never rejects.
 * `observedAt` is when the hook fired, as well as this process can tell.
 */
export async function runHook(options: DrainOptions & { stdin: string; observedAt: Date }): Promise<DrainReport> {
  const report = emptyReport();
  try {
    if (options.stdin.trim() !== '') addToInbox(options.paths, options.observedAt, String(process.pid), options.stdin);
  } catch (error) {
    options.logger.error({ err: error }, 'kap hook could not queue its payload');
  }
  await drainInbox(options, report);
  return report;
}

/** What one drain knows about the ingest so far. */
interface DrainState {
  /** Once the ingest was unreachable, nothing more is posted in this drain: everything spools. */
  reachable: boolean;
  /** Inbox entries this drain could not handle (an unexpected error): not looked at again in this drain. */
  skip: Set<string>;
}

/**
 * Ships the spool and everything in the inbox, session by session under each session's lock, until the
 * inbox is empty (or holds only entries still being written). Adds what it did to `report`. Never rejects.
 */
export async function drainInbox(options: DrainOptions, report: DrainReport): Promise<void> {
  const state: DrainState = { reachable: true, skip: new Set() };
  try {
    preparePrivateDirs(options.paths);
  } catch (error) {
    options.logger.warn({ err: error }, "could not make the collector's directories private");
  }
  try {
    for (let round = 0; round < 100; round++) {
      const sessions = prepareInbox(options, report, state);
      // The spool's sessions first: their batches are older than anything in the inbox.
      const order = new Set([...(round === 0 ? spooledBySession(options.paths).keys() : []), ...sessions.keys()]);
      for (const sessionId of order) {
        const entries = sessions.get(sessionId) ?? [];
        try {
          await withSessionLock(options, sessionId, () => shipSession(options, report, state, sessionId, entries));
        } catch (error) {
          // Not a payload's fault (those are values): the file system, or a lock held too long. Try next drain.
          options.logger.error({ err: error, sessionId }, 'could not ship a session; its entries wait for the next drain');
          for (const { entry } of entries) state.skip.add(entry.path);
        }
      }
      if (sessions.size === 0) return; // empty, or only entries still being written: the caller looks again later
    }
  } catch (error) {
    options.logger.error({ err: error }, 'kap drain failed');
  }
}

type Shippable = Extract<PreparedEntry, { kind: 'ship' }>;
interface ParsedEntry {
  entry: { path: string; text: string };
  prepared: Shippable;
}

/** The inbox's shippable entries by session (Map: ids come from payloads); sets the bad ones aside. */
function prepareInbox(options: DrainOptions, report: DrainReport, state: DrainState): Map<string, ParsedEntry[]> {
  const { paths, logger, now } = options;
  const sessions = new Map<string, ParsedEntry[]>();
  for (const entry of readInbox(paths)) {
    if (state.skip.has(entry.path)) continue;
    const prepared = prepareEntry(entry, Date.now());
    if (prepared.kind === 'wait') continue;
    try {
      if (prepared.kind === 'reject') {
        setAsideFile(paths, entry.path, `inbox entry set aside: ${prepared.reason}`, now());
        report.invalid += 1;
        report.setAside += 1;
        logger.warn({ reason: prepared.reason, text: entry.text.slice(0, 300) }, 'inbox entry is not a shippable hook payload; set aside');
        continue;
      }
      const group = sessions.get(prepared.sessionId);
      if (group) group.push({ entry, prepared });
      else sessions.set(prepared.sessionId, [{ entry, prepared }]);
    } catch (error) {
      state.skip.add(entry.path);
      logger.error({ err: error, path: entry.path }, 'could not set an inbox entry aside');
    }
  }
  return sessions;
}

async function withSessionLock<T>(options: DrainOptions, sessionId: string, work: () => Promise<T>): Promise<T> {
  ensurePrivateDir(options.paths.locks);
  const release = await lockfile.lock(join(options.paths.locks, sessionId), {
    realpath: false,
    stale: 20_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 100 },
  });
  try {
    return await work();
  } finally {
    await release().catch(() => {});
  }
}

/**
 * Under the session's lock: ships its spooled batches, then the transcript's new lines and the given inbox
 * payloads as one ordered run of batches. Whatever cannot go now is spooled behind what waits.
 */
async function shipSession(options: DrainOptions, report: DrainReport, state: DrainState, sessionId: string, entries: ParsedEntry[]): Promise<void> {
  const { paths, logger, now } = options;
  const { blocked, waiting } = await shipSpooled(options, report, state, sessionId);
  // Another drainer may have shipped some of these while this one waited for the lock.
  entries = entries.filter(({ entry }) => exists(entry.path));
  if (entries.length === 0) return;

  for (const { entry, prepared } of entries) {
    if (prepared.setAsideOriginal) {
      setAside(paths, entry.text, prepared.setAsideOriginal, now());
      report.setAside += 1;
    }
  }
  const last = entries[entries.length - 1]!.prepared;
  const transcriptPath = entries.findLast(({ prepared }) => prepared.transcriptPath !== undefined)?.prepared.transcriptPath;
  if (transcriptPath && entries.some(({ prepared }) => SETTLE_AFTER.has(prepared.hookEventName))) {
    await settle(transcriptPath, options.settleMs ?? 3000);
  }
  const context = await options.readContext(last.cwd);

  const offsets = loadOffsets(paths, sessionId);
  const transcript = newTranscriptItems(transcriptPath, offsets);
  for (const { path, message } of transcript.unreadable) logger.warn({ path, message }, 'transcript file not readable; its lines wait');
  for (const { text, reason } of transcript.rejected) {
    setAside(paths, text, `transcript line: ${reason}`, now());
    report.setAside += 1;
  }
  const items: OutgoingItem[] = [...transcript.items, ...entries.map(({ prepared }): EncodedItem => prepared.item)];
  const batches = toBatches(sessionId, context, items);
  const bodies = batches.map(encodeNdjsonBody);

  let index = 0;
  let firstAttempts = 0;
  for (; !blocked && state.reachable && index < bodies.length; index++) {
    let outcome = await send(options, bodies[index]!);
    // The ingest refuses a batch whole for one bad item and names it: that item alone is set aside, the rest
    // goes again (at most once per item of the batch).
    for (let batch = batches[index]!; !outcome.ok && outcome.failure === 'refused' && isItemOf(outcome.itemIndex, batch) && batch.items.length > 1; ) {
      const bad = outcome.itemIndex;
      setAside(paths, itemText(batch.items[bad]!), `item ${bad} of a batch: ${outcome.message}`, now());
      report.setAside += 1;
      logger.error({ status: outcome.status, code: outcome.code, sessionId }, `item set aside, the rest of its batch sent again: ${outcome.message}`);
      batch = { ...batch, items: batch.items.filter((_, i) => i !== bad) };
      const body = encodeNdjsonBody(batch);
      bodies[index] = body;
      outcome = await send(options, body);
    }
    if (outcome.ok) {
      report.shipped += 1;
    } else if (outcome.failure === 'refused') {
      setAside(paths, bodies[index]!, outcome.message, now());
      report.setAside += 1;
      logger.error({ status: outcome.status, code: outcome.code, sessionId }, `batch set aside: ${outcome.message}`);
    } else if (outcome.failure === 'unreachable') {
      noteUnreachable(report, state, outcome.message);
      break;
    } else {
      report.failedAttempts += 1;
      firstAttempts = 1;
      logger.warn({ status: outcome.status, sessionId }, `batch failed (attempt 1 of ${MAX_ATTEMPTS}), spooled: ${outcome.message}`);
      break;
    }
  }
  if (index < bodies.length) {
    spoolBatches(paths, sessionId, bodies.slice(index), now(), waiting, firstAttempts);
    report.spooled += bodies.length - index;
  }
  saveOffsets(paths, sessionId, offsets);
  for (const { entry } of entries) removeFile(entry.path);
}

function isItemOf(itemIndex: number | undefined, batch: { items: readonly unknown[] }): itemIndex is number {
  return itemIndex !== undefined && Number.isInteger(itemIndex) && itemIndex >= 0 && itemIndex < batch.items.length;
}

/** An item as text, to set it aside: a line as written, a hook item as its NDJSON line. */
function itemText(item: OutgoingItem): string | Uint8Array {
  if (item.kind === 'line') return item.text;
  if (item.kind === 'lineBytes') return item.bytes;
  if (item.kind === 'encoded') return item.ndjson;
  return JSON.stringify(item);
}

/**
 * Ships a session's spooled batches oldest first while the ingest takes them. `blocked` when one has to
 * wait (ingest unreachable, or a failed batch in its back-off); `waiting` lists what is left.
 */
async function shipSpooled(options: DrainOptions, report: DrainReport, state: DrainState, sessionId: string): Promise<{ blocked: boolean; waiting: SpooledBatch[] }> {
  const { paths, logger, now } = options;
  const batches = spooledBatches(paths, sessionId);
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i]!;
    const rest = batches.slice(i);
    if (!state.reachable || (!options.retryNow && !isDue(batch, now().getTime()))) return { blocked: true, waiting: rest };
    let body: Buffer;
    try {
      body = readFileSync(batch.path);
    } catch {
      continue; // another drainer shipped it
    }
    const outcome = await send(options, body);
    if (outcome.ok) {
      removeFile(batch.path);
      report.spoolShipped += 1;
    } else if (outcome.failure === 'unreachable') {
      noteUnreachable(report, state, outcome.message);
      return { blocked: true, waiting: rest };
    } else if (outcome.failure === 'refused' || batch.attempts + 1 >= MAX_ATTEMPTS) {
      if (outcome.failure === 'failed') report.failedAttempts += 1;
      const reason = outcome.failure === 'refused' ? outcome.message : `the ingest failed on this batch ${batch.attempts + 1} times; last: ${outcome.message}`;
      setAsideFile(paths, batch.path, reason, now());
      report.setAside += 1;
      logger.error({ status: outcome.status, code: outcome.code, sessionId }, `spooled batch set aside: ${reason}`);
    } else {
      report.failedAttempts += 1;
      recordFailedAttempt(batch, now());
      logger.warn({ status: outcome.status, sessionId }, `spooled batch failed (attempt ${batch.attempts + 1} of ${MAX_ATTEMPTS}): ${outcome.message}`);
      return { blocked: true, waiting: spooledBatches(paths, sessionId) };
    }
  }
  return { blocked: false, waiting: [] };
}

/**
 * Posts a batch. A `failed` outcome becomes `unreachable` when the ingest does not answer `/healthz` either:
 * then the ingest is down (nothing is wrong with the batch), and no attempt is counted against it.
 */
async function send(options: DrainOptions, body: Uint8Array): Promise<PostOutcome> {
  const outcome = await postBatch(options.target, body);
  if (outcome.ok || outcome.failure !== 'failed') return outcome;
  return (await probeIngest(options.target)) ? outcome : { ...outcome, failure: 'unreachable' };
}

function noteUnreachable(report: DrainReport, state: DrainState, message: string): void {
  state.reachable = false;
  report.unreachable = message;
}

/**
 * Waits until the transcript stops growing (unchanged over two 100 ms polls), at most `maxMs`:
 * at Stop, Claude Code has often not written the turn's last lines yet.
 */
async function settle(path: string, maxMs: number): Promise<void> {
  const size = () => {
    try {
      return statSync(path).size;
    } catch {
      return -1;
    }
  };
  const deadline = Date.now() + maxMs;
  let last = size();
  let stable = 0;
  while (stable < 2 && Date.now() < deadline) {
    await sleep(100);
    const current = size();
    stable = current === last ? stable + 1 : 0;
    last = current;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
