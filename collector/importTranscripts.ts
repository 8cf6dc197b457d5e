/**
 * `kap import`: backfills transcripts (main and subagent files), JSON-array transcripts, hook-payload logs
 * and status-line logs into the ingest, redacted like the live collector. Re-importing appends nothing:
 * event ids are deterministic (events/eventIds.ts).
 *
 * Which session a file belongs to: `<session-uuid>.jsonl` → that session; `<session>/subagents/*.jsonl` →
 * the parent session; any other transcript → the last `sessionId` its lines carry (a resumed 1.0.x file
 * holds the old id's lines too). Hook and status-line records go to their own `session_id`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { canonical } from '../events/eventIds.js';
import type { BatchItem, IngestBatch } from '../events/ingestBatch.js';
import { createBatchSender } from './batchSender.js';
import { classifyRecord } from './classifyRecord.js';
import type { PostOutcome } from './ingestClient.js';
import { splitLines } from './lineReader.js';
import { redactSecrets } from './redact.js';
import { shrinkLine } from './shrinkLine.js';

export interface ImportProblem {
  file: string;
  /** Byte offset of the line (JSONL) or index of the record (JSON array). */
  at?: number;
  message: string;
}

export interface ImportReport {
  files: number;
  records: number;
  sessions: string[];
  appended: number;
  /** Events the store already had (a re-import). */
  alreadyStored: number;
  /** Records that could not be read (bad JSON) or that the ingest refused. */
  errors: ImportProblem[];
  /** Files and records that are not Claude Code data (e.g. `.meta.json`), left alone. */
  ignored: ImportProblem[];
}

export interface ImportOptions {
  send: (batch: IngestBatch) => Promise<PostOutcome>;
  /** Called after each file with the bytes read so far. */
  onProgress?: (bytesDone: number) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  let bytesDone = 0;
  const sender = createBatchSender({
    send: options.send,
    onOutcome: (batch, outcome) => {
      if (outcome.ok) {
        report.appended += outcome.appended;
        report.alreadyStored += outcome.skipped;
      } else {
        report.errors.push({ file: `session ${batch.sessionId}`, message: outcome.message });
      }
    },
  });
  for (const file of files) {
    for (const [sessionId, items] of readFile(file.path, report)) {
      sessions.add(sessionId);
      for (const item of items) await sender.add(sessionId, item);
    }
    report.files += 1;
    bytesDone += file.bytes;
    options.onProgress?.(bytesDone);
  }
  await sender.close();
  report.sessions = [...sessions];
  return report;
}

interface Parsed {
  at: number;
  text: string;
  record: unknown;
}

/** Reads one file into items grouped by session, in file order. */
function readFile(path: string, report: ImportReport): Map<string, BatchItem[]> {
  const groups = new Map<string, BatchItem[]>();
  const records = readRecords(path, report);
  if (records === undefined) return groups;
  const lineSession = transcriptSession(path, records);
  const fileKey = transcriptFileKey(path, records);
  const occurrences = new Map<string, number>();
  const add = (sessionId: string, item: BatchItem) => {
    let items = groups.get(sessionId);
    if (!items) groups.set(sessionId, (items = []));
    items.push(item);
  };
  for (const { at, text, record } of records) {
    report.records += 1;
    const kind = classifyRecord(record);
    if (kind.kind === 'line') {
      if (!lineSession) {
        report.errors.push({ file: path, at, message: 'a transcript line in a file with no session id' });
        continue;
      }
      add(lineSession, { kind: 'line', file: fileKey, offset: at, text: shrinkLine(redactSecrets(text)) });
    } else if (kind.kind === 'hook' || kind.kind === 'statusLine') {
      // Identical records in one log are told apart by how many came before them.
      const content = canonical(record);
      const nth = occurrences.get(content) ?? 0;
      occurrences.set(content, nth + 1);
      const payload = JSON.parse(redactSecrets(JSON.stringify(kind.kind === 'hook' ? kind.payload : record))) as Record<string, unknown>;
      const item: BatchItem = { kind: kind.kind, key: `#${nth}`, payload, ...(kind.observedAt ? { observedAt: kind.observedAt } : {}) };
      add(kind.sessionId, item);
    } else {
      report.ignored.push({ file: path, at, message: 'not a transcript line, hook payload or status-line input' });
    }
  }
  return groups;
}

function readRecords(path: string, report: ImportReport): Parsed[] | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    report.errors.push({ file: path, message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  if (extname(path) === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(buffer.toString('utf8'));
    } catch (error) {
      report.errors.push({ file: path, message: `not JSON: ${(error as Error).message}` });
      return undefined;
    }
    if (!Array.isArray(value)) {
      report.ignored.push({ file: path, message: 'a JSON file that is not an array of records' });
      return undefined;
    }
    return (value as unknown[]).map((record, at) => ({ at, text: JSON.stringify(record), record }));
  }
  const out: Parsed[] = [];
  for (const line of splitLines(buffer, 0, true).lines) {
    try {
      out.push({ at: line.offset, text: line.text, record: JSON.parse(line.text) });
    } catch (error) {
      report.errors.push({ file: path, at: line.offset, message: `not JSON: ${(error as Error).message}` });
    }
  }
  return out;
}

/** The session a transcript file belongs to (see the module comment), or undefined. */
function transcriptSession(path: string, records: readonly Parsed[]): string | undefined {
  const stem = basename(path).replace(/\.jsonl?$/, '');
  if (UUID.test(stem)) return stem;
  const parent = dirname(path);
  if (basename(parent) === 'subagents' && UUID.test(basename(dirname(parent)))) return basename(dirname(parent));
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!.record as { sessionId?: unknown };
    if (typeof r?.sessionId === 'string' && r.sessionId.length > 0) return r.sessionId;
  }
  return undefined;
}

/** `subagents/<name>` for a subagent file (by folder, or a standalone file of sidechain lines), else `main`. */
function transcriptFileKey(path: string, records: readonly Parsed[]): string {
  if (basename(dirname(path)) === 'subagents') return `subagents/${basename(path)}`;
  const first = records[0]?.record as { isSidechain?: unknown; agentId?: unknown } | undefined;
  const allSidechain = records.length > 0 && records.every((r) => (r.record as { isSidechain?: unknown })?.isSidechain === true);
  if (allSidechain && typeof first?.agentId === 'string' && /^[A-Za-z0-9._-]{1,190}$/.test(first.agentId)) return `subagents/agent-${first.agentId}.jsonl`;
  return 'main';
}
