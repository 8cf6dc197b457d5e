/**
 * `kap import`: backfills transcripts (main and subagent files), JSON-array transcripts, hook-payload logs
 * and status-line logs into the ingest, redacted like the live collector. Re-importing appends nothing:
 * event ids are deterministic (events/eventIds.ts).
 *
 * Which session a file belongs to: `<session-uuid>.jsonl` → that session; `<session>/subagents/*.jsonl` →
 * the parent session; any other transcript → the last `sessionId` its lines carry (a resumed 1.0.x file
 * holds the old id's lines too). Hook and status-line records go to their own `session_id`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionContext } from '../events/ingestBatch.js';
import type { OutgoingBatch } from '../events/ndjsonBatch.js';
import { createBatchSender } from './batchSender.js';
import type { ImportReport } from './importReport.js';
import type { PostOutcome } from './ingestClient.js';
import type { ImportLine } from './readImportFile.js';
import { readImportFile, sortOutLine } from './readImportFile.js';

export type { ImportProblem, ImportReport } from './importReport.js';

export interface ImportOptions {
  send: (batch: OutgoingBatch) => Promise<PostOutcome>;
  /**
   * Who made this history (the importing machine's git user, OS user and host: collector/gitContext.ts
   * `readMachineIdentity`), sent with every batch: it owns the sessions (access/).
   */
  context?: SessionContext;
  /** Called after each file with the bytes read so far. */
  onProgress?: (bytesDone: number) => void;
}

/** `.jsonl` and `.json` files under the given files and folders, sorted, with their sizes. */
export function findImportFiles(paths: readonly string[]): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (stat.isFile() && (path.endsWith('.jsonl') || path.endsWith('.json'))) {
      out.push({ path, bytes: stat.size });
    }
  };
  for (const path of paths) visit(path);
  return out;
}

/** Imports files in order. Never throws for bad content: problems are in the report. */
export async function importFiles(files: readonly { path: string; bytes: number }[], options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { files: 0, records: 0, sessions: [], appended: 0, alreadyStored: 0, errors: [], ignored: [] };
  const sessions = new Set<string>();
  const send = options.context ? (batch: OutgoingBatch) => options.send({ ...batch, context: { ...options.context, ...batch.context } }) : options.send;
  let bytesDone = 0;
  const account = (batch: OutgoingBatch, outcome: PostOutcome) => {
    if (outcome.ok) {
      report.appended += outcome.appended;
      report.alreadyStored += outcome.skipped;
    } else {
      report.errors.push({ file: `session ${batch.sessionId}`, message: outcome.message });
    }
  };
  const sender = createBatchSender({
    send,
    onOutcome: async (batch, outcome) => {
      if (outcome.ok || outcome.code !== 'INVALID_LINE' || !batch.items.some((item) => item.kind === 'lineBytes')) return account(batch, outcome);
      // A line sent unparsed was not a transcript line: sort the batch out here and send what is.
      const items = batch.items.flatMap((item) => (item.kind === 'lineBytes' ? (sortOutLine(item as ImportLine, report) ?? []) : [item]));
      if (items.length > 0) account(batch, await send({ ...batch, items }));
    },
  });
  for (const file of files) {
    for (const [sessionId, items] of readImportFile(file.path, report)) {
      sessions.add(sessionId);
      await sender.add(sessionId, items);
    }
    report.files += 1;
    bytesDone += file.bytes;
    options.onProgress?.(bytesDone);
    // Let answers in: a finished request frees the ingest for the next batch (batchSender.ts).
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sender.close();
  report.sessions = [...sessions];
  return report;
}
