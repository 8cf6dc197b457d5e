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
import type { ImportProblem, ImportReport } from './importReport.js';
import type { PostOutcome } from './ingestClient.js';
import type { ImportLine } from './readImportFile.js';
import { readImportFile, sessionFromPath, sortOutLine } from './readImportFile.js';

export type { ImportProblem, ImportReport } from './importReport.js';

export interface ImportOptions {
  send: (batch: OutgoingBatch) => Promise<PostOutcome>;
  /**
   * Who made this history (the importing machine's git user, OS user and host: collector/gitContext.ts
   * `readMachineIdentity`), sent with every batch: it owns the sessions (access/).
   */
  context?: SessionContext;
  /** Called after each file with how far the import is. */
  onProgress?: (progress: ImportProgress) => void;
}

/** How far an import is, after a file. */
export interface ImportProgress {
  /** Files done (read, or found unreadable). */
  files: number;
  /** Distinct sessions seen so far. */
  sessions: number;
  /** Records (transcript lines, hook and status-line records) read so far. */
  records: number;
  bytes: number;
}

export interface ImportFile {
  path: string;
  bytes: number;
}

/** What `kap import` found under the paths it was given, and what it could not read there. */
export interface ImportScan {
  files: ImportFile[];
  /**
   * A path that does not exist or cannot be read, a `.jsonl` / `.json` file that cannot be opened, a folder
   * it cannot list, a given file that is no transcript, a given path with no transcript under it.
   */
  problems: ImportProblem[];
}

const isImportable = (path: string) => path.endsWith('.jsonl') || path.endsWith('.json');

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

/** `.jsonl` and `.json` files under the given files and folders, sorted, with their sizes, and the problems met. */
export function scanImportPaths(paths: readonly string[]): ImportScan {
  const files: ImportFile[] = [];
  const problems: ImportProblem[] = [];
  const visit = (path: string, given: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      // Inside a folder only transcripts count: a dangling link to a `.txt` is none of kap import's business.
      if (given || isImportable(path)) problems.push({ file: path, message: `cannot read: ${reason(error)}` });
      return;
    }
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        problems.push({ file: path, message: `cannot list: ${reason(error)}` });
        return;
      }
      for (const name of names) visit(join(path, name), false);
    } else if (stat.isFile() && isImportable(path)) {
      files.push({ path, bytes: stat.size });
    } else if (given) {
      problems.push({ file: path, message: 'not a transcript: kap import reads .jsonl and .json files' });
    }
  };
  for (const path of paths) {
    const found = files.length + problems.length;
    visit(path, true);
    if (files.length + problems.length === found) problems.push({ file: path, message: 'no transcripts here (no .jsonl or .json file under it)' });
  }
  return { files, problems };
}

/** The files of `scanImportPaths`, without its problems. */
export function findImportFiles(paths: readonly string[]): ImportFile[] {
  return scanImportPaths(paths).files;
}

/**
 * How many sessions the files are, by their names: `<session-uuid>.jsonl` and `<session-uuid>/subagents/*`
 * are one session; any other file counts as one (a hook log may hold several: the count then grows).
 */
export function sessionsByFileName(files: readonly ImportFile[]): number {
  return new Set(files.map((f) => sessionFromPath(f.path) ?? f.path)).size;
}

/** Imports files in order. Never throws for bad content: problems are in the report. */
export async function importFiles(files: readonly ImportFile[], options: ImportOptions): Promise<ImportReport> {
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
  let filesDone = 0;
  for (const file of files) {
    const groups = readImportFile(file.path, report);
    for (const [sessionId, items] of groups ?? []) {
      sessions.add(sessionId);
      await sender.add(sessionId, items);
    }
    if (groups) report.files += 1;
    bytesDone += file.bytes;
    options.onProgress?.({ files: ++filesDone, sessions: sessions.size, records: report.records, bytes: bytesDone });
    // Let answers in: a finished request frees the ingest for the next batch (batchSender.ts).
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sender.close();
  report.sessions = [...sessions];
  return report;
}
