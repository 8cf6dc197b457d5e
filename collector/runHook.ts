/**
 * `kap hook`: the collector Claude Code runs (asynchronously) for every hook event. It ships the hook
 * payload and the transcript lines written since the last call (main and subagent files), redacted, to the
 * ingest; when the ingest is unreachable it spools to disk and ships the spool on a later call.
 * It never throws and never writes to stdout (Claude Code may read a hook's stdout as a decision).
 *
 * Hook processes of one session start in bursts and race; so each first drops its payload in the session's
 * inbox (named by observation time), then whoever holds the session lock ships the whole inbox in order,
 * with the transcript lines before it. A process that finds its payload already shipped just exits.
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

/** Hook events after which Claude Code may still be writing the transcript's last lines. */
const SETTLE_AFTER = new Set(['Stop', 'SubagentStop', 'SessionEnd', 'StopFailure']);

export interface HookRunOptions {
  /** The hook payload as read from stdin. */
  stdin: string;
  /** When the hook fired (the shell's clock when Kap's hook command recorded it, else this process's start). */
  observedAt: Date;
  paths: CollectorPaths;
  target: IngestTarget;
  now: () => Date;
  logger: Logger;
  readContext: (cwd: string | undefined) => Promise<SessionContext>;
  /** Longest wait for the transcript to settle after Stop / SubagentStop / SessionEnd, in ms. Default 3000. */
  settleMs?: number;
  /**
   * When set, the payload is only put in the inbox and this starts a detached drainer for the session
   * (used for the synchronous SessionEnd hook, so Claude Code waits only for that).
   */
  detach?: (sessionId: string) => void;
}

export interface HookRunReport {
  sessionId?: string;
  /** Batches the ingest took. */
  shipped: number;
  spooled: number;
  setAside: number;
  spoolShipped: number;
  error?: string;
}

/** Runs the collector once. Resolves with what it did; never rejects. */
export async function runHook(options: HookRunOptions): Promise<HookRunReport> {
  const report: HookRunReport = { shipped: 0, spooled: 0, setAside: 0, spoolShipped: 0 };
  try {
    await collect(options, report);
  } catch (error) {
    report.error = (error as Error).message;
    options.logger.error({ err: error }, 'kap hook failed');
  }
  return report;
}

async function collect(options: HookRunOptions, report: HookRunReport): Promise<void> {
  const { paths, logger } = options;
  const checked = HookPayload.safeParse(parseJson(options.stdin));
  if (!checked.success) {
    report.error = 'stdin is not a Claude Code hook payload';
    logger.warn({ stdin: options.stdin.slice(0, 500) }, report.error);
    return;
  }
  const payload = checked.data;
  if (!SessionId.safeParse(payload.session_id).success) {
    report.error = `unusable session_id ${JSON.stringify(payload.session_id)}`;
    logger.warn(report.error);
    return;
  }
  const sessionId = payload.session_id;
  report.sessionId = sessionId;
  addToInbox(paths, sessionId, options.observedAt, String(process.pid), redactedPayloadText(options.stdin, payload));
  if (options.detach) {
    options.detach(sessionId);
    return;
  }
  await drainSession(options, report, sessionId);
}

/**
 * Ships everything waiting for one session (its spool, its inbox, its transcripts' new lines), holding the
 * session lock. This is what a detached `kap hook --drain <sessionId>` runs.
 */
export async function drainSession(options: Omit<HookRunOptions, 'stdin' | 'observedAt' | 'detach'>, report: HookRunReport, sessionId: string): Promise<void> {
  const { paths } = options;
  mkdirSync(paths.locks, { recursive: true });
  const release = await lockfile.lock(join(paths.locks, sessionId), {
    realpath: false,
    stale: 20_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 100 },
  });
  try {
    let ingestUp = await shipSpool(options, report);
    // Drain: payloads that arrive while this process ships are shipped by it too.
    for (let round = 0; round < 20; round++) {
      const entries = readInbox(paths, sessionId);
      if (entries.length === 0) break;
      ingestUp = await shipEntries(options, report, sessionId, entries, ingestUp);
    }
  } finally {
    await release().catch(() => {});
  }
}

/** Ships the transcript's new lines and the given inbox payloads as one ordered run of batches. */
async function shipEntries(options: Omit<HookRunOptions, 'stdin' | 'observedAt' | 'detach'>, report: HookRunReport, sessionId: string, entries: InboxEntry[], ingestUp: boolean): Promise<boolean> {
  const { paths, logger, now } = options;
  const payloads = entries.map((e) => ({ entry: e, payload: parseJson(e.payload) as Record<string, unknown> }));
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
async function shipSpool(options: Omit<HookRunOptions, 'stdin' | 'observedAt' | 'detach'>, report: HookRunReport): Promise<boolean> {
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

function redactedPayloadText(stdin: string, payload: HookPayload): string {
  const redacted = redactSecrets(stdin);
  if (parseJson(redacted) !== undefined) return redacted;
  // Redaction keeps JSON valid by construction; if it ever did not, send nothing that was not redacted.
  return JSON.stringify({ session_id: payload.session_id, hook_event_name: payload.hook_event_name, kapRedactionFailed: true });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
