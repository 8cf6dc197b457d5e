/**
 * `kap hook`: the collector Claude Code runs (asynchronously) for every hook event. It ships the hook
 * payload and the transcript lines written since the last call (main and subagent files), redacted, to the
 * ingest; when the ingest is unreachable it spools to disk and ships the spool on a later call.
 * It never throws and never writes to stdout (Claude Code may read a hook's stdout as a decision).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { HookPayload } from '../events/hookPayload.js';
import type { BatchItem, SessionContext } from '../events/ingestBatch.js';
import { SessionId } from '../events/ingestBatch.js';
import { toBatches } from './batching.js';
import type { CollectorPaths } from './collectorState.js';
import { loadOffsets, removeFile, saveOffsets, setAside, spoolBatches, spooledFiles } from './collectorState.js';
import type { IngestTarget } from './ingestClient.js';
import { postBatch } from './ingestClient.js';
import { redactSecrets } from './redact.js';
import { shrinkLine } from './shrinkLine.js';
import { readTail } from './transcriptTail.js';
import { sessionTranscriptFiles } from './transcriptFiles.js';
import { readFileSync } from 'node:fs';

/** Hook events after which Claude Code may still be writing the transcript's last lines. */
const SETTLE_AFTER = new Set(['Stop', 'SubagentStop', 'SessionEnd', 'StopFailure']);

export interface HookRunOptions {
  /** The hook payload as read from stdin. */
  stdin: string;
  paths: CollectorPaths;
  target: IngestTarget;
  now: () => Date;
  logger: Logger;
  readContext: (cwd: string | undefined) => Promise<SessionContext>;
  /** Wait before reading the transcript after Stop / SubagentStop / SessionEnd, in ms. Default 250. */
  settleMs?: number;
}

export interface HookRunReport {
  sessionId?: string;
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
  const { paths, logger, now } = options;
  const raw = parseJson(options.stdin);
  const checked = HookPayload.safeParse(raw);
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

  mkdirSync(paths.locks, { recursive: true });
  const release = await lockfile.lock(join(paths.locks, sessionId), {
    realpath: false,
    stale: 20_000,
    retries: { retries: 100, minTimeout: 20, maxTimeout: 200 },
  });
  try {
    const ingestUp = await shipSpool(options, report);
    if (SETTLE_AFTER.has(payload.hook_event_name)) await sleep(options.settleMs ?? 250);
    const context = await options.readContext(payload.cwd);

    const offsets = loadOffsets(paths, sessionId);
    const items: BatchItem[] = [];
    const files = payload.transcript_path ? sessionTranscriptFiles(payload.transcript_path) : [];
    for (const { file, path } of files) {
      const tail = readTail(path, offsets[path] ?? 0);
      for (const line of tail.lines) items.push({ kind: 'line', file, offset: line.offset, text: shrinkLine(redactSecrets(line.text)) });
      offsets[path] = tail.nextOffset;
    }
    items.push({ kind: 'hook', observedAt: now().toISOString(), payload: redactedPayload(options.stdin, payload) });

    const bodies = toBatches(sessionId, context, items).map((b) => JSON.stringify(b));
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
  } finally {
    await release().catch(() => {});
  }
}

/** Ships spooled batches oldest first. Returns false when the ingest is still unreachable. */
async function shipSpool(options: HookRunOptions, report: HookRunReport): Promise<boolean> {
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

function redactedPayload(stdin: string, payload: HookPayload): Record<string, unknown> {
  const redacted = parseJson(redactSecrets(stdin));
  if (redacted && typeof redacted === 'object' && !Array.isArray(redacted)) return redacted as Record<string, unknown>;
  // Redaction keeps JSON valid by construction; if it ever did not, send nothing that was not redacted.
  return { session_id: payload.session_id, hook_event_name: payload.hook_event_name, kapRedactionFailed: true };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
