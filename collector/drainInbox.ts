/**
 * The collector's shipping: hook payloads wait in the inbox (written by Kap's hook command, see
 * hookCommandScript.ts, or by `kap hook` itself); a drainer ships them, in the order the hooks fired, each
 * after the transcript lines its session wrote since the last shipment (main and subagent files), redacted,
 * to the ingest. When the ingest is unreachable it spools to disk and ships the spool on a later drain.
 * Nothing here throws or writes to stdout (Claude Code may read a hook's stdout as a decision).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import lockfile from 'proper-lockfile';
import { HookPayload } from '../events/hookPayload.js';
import type { BatchItem, SessionContext } from '../events/ingestBatch.js';
import { SessionId } from '../events/ingestBatch.js';
import { encodeNdjsonBatch } from '../events/ndjsonBatch.js';
import { toBatches } from './batching.js';
import type { CollectorPaths, InboxEntry } from './collectorState.js';
import { addToInbox, loadOffsets, readInbox, removeFile, saveOffsets, setAside, spoolBatches, spooledFiles } from './collectorState.js';
import type { IngestTarget } from './ingestClient.js';
import { postBatch } from './ingestClient.js';
import { redactSecrets } from './redact.js';
import { shrinkLine } from './shrinkLine.js';
import { sessionTranscriptFiles } from './transcriptFiles.js';
import { readTail } from './transcriptTail.js';

/** How long an inbox entry that does not parse may still be being written, in ms. */
const INCOMPLETE_GRACE_MS = 2_000;

/** Hook events after which Claude Code may still be writing the transcript's last lines. */
const SETTLE_AFTER = new Set(['Stop', 'SubagentStop', 'SessionEnd', 'StopFailure']);

export interface DrainOptions {
  paths: CollectorPaths;
  target: IngestTarget;
  now: () => Date;
  logger: Logger;
  readContext: (cwd: string | undefined) => Promise<SessionContext>;
  /** Longest wait for the transcript to settle after Stop / SubagentStop / SessionEnd, in ms. Default 3000. */
  settleMs?: number;
}

export interface DrainReport {
  /** Batches the ingest took. */
  shipped: number;
  spooled: number;
  setAside: number;
  spoolShipped: number;
  /** Inbox entries that were not hook payloads (set aside). */
  invalid: number;
}

export const emptyReport = (): DrainReport => ({ shipped: 0, spooled: 0, setAside: 0, spoolShipped: 0, invalid: 0 });

/**
 * `kap hook` with a payload on stdin: puts it in the inbox, then drains the inbox. Never rejects.
 * `observedAt` is when the hook fired, as well as this process can tell.
 */
export async function runHook(options: DrainOptions & { stdin: string; observedAt: Date }): Promise<DrainReport> {
  const report = emptyReport();
  try {
    if (options.stdin.trim() !== '') addToInbox(options.paths, options.observedAt, String(process.pid), options.stdin);
    await drainInbox(options, report);
  } catch (error) {
    options.logger.error({ err: error }, 'kap hook failed');
  }
  return report;
}

/**
 * Ships everything in the inbox, and the spool, session by session under each session's lock, until the
 * inbox is empty. Never rejects.
 */
export async function drainInbox(options: DrainOptions, report: DrainReport): Promise<void> {
  try {
    for (let round = 0; round < 100; round++) {
      const entries = readInbox(options.paths);
      if (entries.length === 0) return;
      const sessions = groupBySession(options, report, entries);
      if (sessions.size === 0) return; // only entries still being written: the caller looks again later
      let ingestUp = await shipSpool(options, report);
      for (const [sessionId, group] of sessions) ingestUp = await withSessionLock(options, sessionId, () => shipEntries(options, report, sessionId, group, ingestUp));
    }
  } catch (error) {
    options.logger.error({ err: error }, 'kap drain failed');
  }
}

interface ParsedEntry {
  entry: InboxEntry;
  payload: Record<string, unknown>;
}

function groupBySession(options: DrainOptions, report: DrainReport, entries: InboxEntry[]): Map<string, ParsedEntry[]> {
  const sessions = new Map<string, ParsedEntry[]>();
  for (const entry of entries) {
    const json = parseJson(entry.text);
    // The hook command writes entries in place: one that does not parse yet may still be being written.
    if (json === undefined && Date.now() - entry.writtenAt.getTime() < INCOMPLETE_GRACE_MS) continue;
    const checked = HookPayload.safeParse(json);
    if (!checked.success || !SessionId.safeParse(checked.data.session_id).success) {
      setAside(options.paths, entry.text, 'not a Claude Code hook payload with a usable session_id', options.now());
      removeFile(entry.path);
      report.invalid += 1;
      options.logger.warn({ text: entry.text.slice(0, 300) }, 'inbox entry is not a hook payload; set aside');
      continue;
    }
    const group = sessions.get(checked.data.session_id) ?? [];
    group.push({ entry, payload: redactedPayload(entry.text, checked.data) });
    sessions.set(checked.data.session_id, group);
  }
  return sessions;
}

async function withSessionLock<T>(options: DrainOptions, sessionId: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(options.paths.locks, { recursive: true });
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

/** Ships the transcript's new lines and the given inbox payloads as one ordered run of batches. */
async function shipEntries(options: DrainOptions, report: DrainReport, sessionId: string, payloads: ParsedEntry[], ingestUp: boolean): Promise<boolean> {
  const { paths, logger, now } = options;
  // Another drainer may have shipped some of these while this one waited for the lock.
  payloads = payloads.filter(({ entry }) => exists(entry.path));
  if (payloads.length === 0) return ingestUp;
  const last = payloads[payloads.length - 1]!.payload;
  const transcriptPath = typeof last.transcript_path === 'string' ? last.transcript_path : undefined;
  if (transcriptPath && payloads.some((p) => SETTLE_AFTER.has(String(p.payload.hook_event_name)))) {
    await settle(transcriptPath, options.settleMs ?? 3000);
  }
  const context = await options.readContext(typeof last.cwd === 'string' ? last.cwd : undefined);

  const offsets = loadOffsets(paths, sessionId);
  const items: BatchItem[] = [];
  for (const { file, path } of transcriptPath ? sessionTranscriptFiles(transcriptPath) : []) {
    const tail = readTail(path, offsets[path] ?? 0);
    for (const line of tail.lines) items.push({ kind: 'line', file, offset: line.offset, text: shrinkLine(redactSecrets(line.text)) });
    offsets[path] = tail.nextOffset;
  }
  for (const { entry, payload } of payloads) items.push({ kind: 'hook', observedAt: entry.observedAt, payload });

  const bodies = toBatches(sessionId, context, items).map(encodeNdjsonBatch);
  let index = 0;
  if (ingestUp) {
    for (; index < bodies.length; index++) {
      const outcome = await postBatch(options.target, bodies[index]!);
      if (outcome.ok) {
        report.shipped += 1;
        continue;
      }
      if (outcome.retryable) break;
      setAside(paths, bodies[index]!, outcome.message, now());
      report.setAside += 1;
      logger.error({ status: outcome.status }, outcome.message);
    }
  }
  if (index < bodies.length) {
    spoolBatches(paths, bodies.slice(index), now());
    report.spooled += bodies.length - index;
  }
  saveOffsets(paths, sessionId, offsets);
  for (const { entry } of payloads) removeFile(entry.path);
  return index === bodies.length;
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

/** Ships spooled batches oldest first. Returns false when the ingest is still unreachable. */
async function shipSpool(options: DrainOptions, report: DrainReport): Promise<boolean> {
  for (const path of spooledFiles(options.paths)) {
    let body: string;
    try {
      body = readFileSync(path, 'utf8');
    } catch {
      continue; // another hook process shipped it
    }
    const outcome = await postBatch(options.target, body);
    if (outcome.ok) {
      removeFile(path);
      report.spoolShipped += 1;
    } else if (outcome.retryable) {
      return false;
    } else {
      setAside(options.paths, body, outcome.message, options.now());
      removeFile(path);
      report.setAside += 1;
    }
  }
  return true;
}

function redactedPayload(text: string, payload: HookPayload): Record<string, unknown> {
  const redacted = parseJson(redactSecrets(text));
  if (typeof redacted === 'object' && redacted !== null && !Array.isArray(redacted)) return redacted as Record<string, unknown>;
  // Redaction keeps JSON valid by construction; if it ever did not, send nothing that was not redacted.
  return { session_id: payload.session_id, hook_event_name: payload.hook_event_name, kapRedactionFailed: true };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
