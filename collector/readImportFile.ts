/**
 * Reads one file for `kap import` into items grouped by session, in file order, redacted like the live
 * collector (see importTranscripts.ts for which session a file belongs to).
 *
 * A Claude Code transcript (a `.jsonl` whose first record is a transcript line) takes the fast path: its
 * lines are not parsed here, since the ingest parses and validates every line anyway, and they travel as the
 * bytes they are in the file. A line leaves the fast path, and is decoded, parsed and classified like any
 * other record, when it does not start with `{`, is over the ingest's line limit, may hold a secret
 * (redact.ts), or holds a `"session_id"` key (it may be a hook payload, which belongs to its own session).
 * A fast-path line that turns out not to be a transcript line is refused by the ingest, and the importer
 * then sorts that batch out record by record (`sortOutLine`). Everything else — JSON arrays, hook and
 * status-line logs, files with CR line ends or bytes that are not UTF-8 — is parsed record by record.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { canonical } from '../events/eventIds.js';
import type { BatchItem } from '../events/ingestBatch.js';
import { MAX_LINE_BYTES } from '../events/ingestLimits.js';
import type { EncodedItem, LineBytesItem } from '../events/ndjsonBatch.js';
import { classifyRecord } from './classifyRecord.js';
import type { ImportReport } from './importReport.js';
import { splitLines } from './lineReader.js';
import { redactSecrets, secretCandidateOffsets } from './redact.js';
import { shrinkLine } from './shrinkLine.js';

/** A transcript line as its bytes, with the file it came from (for the report; not sent). */
export interface ImportLine extends LineBytesItem {
  path: string;
}

export type ImportItem = BatchItem | ImportLine | EncodedItem;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SESSION_ID_KEY = Buffer.from('"session_id"');
const OPEN_BRACE = 0x7b;

/**
 * One file's items per session, in file order; undefined when the file cannot be read (the reason is in
 * `report.errors`). Problems go to `report`; never throws for bad content.
 */
export function readImportFile(path: string, report: ImportReport): Map<string, ImportItem[]> | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    report.errors.push({ file: path, message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  if (extname(path) === '.json') return readRecords(path, arrayRecords(path, buffer, report), report);
  return readTranscript(path, buffer, report) ?? readRecords(path, lineRecords(path, buffer, report), report);
}

interface Parsed {
  at: number;
  /** The record's JSON text; undefined for an element of a JSON array (serialised only if it is a line). */
  text: string | undefined;
  record: unknown;
}

/** Collects one file's items per session; hook and status-line records are numbered as they repeat. */
class Groups {
  readonly bySession = new Map<string, ImportItem[]>();
  private readonly occurrences = new Map<string, number>();

  constructor(
    private readonly path: string,
    private readonly report: ImportReport,
    /** The session and file key of the file's transcript lines, when it has them. */
    private readonly lines: { session: string | undefined; file: string },
  ) {}

  add(sessionId: string, item: ImportItem): void {
    let items = this.bySession.get(sessionId);
    if (!items) this.bySession.set(sessionId, (items = []));
    items.push(item);
  }

  /** One parsed record: a transcript line, a hook payload, a status-line input, or something else. */
  addRecord({ at, text, record }: Parsed): void {
    const { path, report } = this;
    const kind = classifyRecord(record);
    if (kind.kind === 'line') {
      if (!this.lines.session) {
        report.errors.push({ file: path, at, message: 'a transcript line in a file with no session id' });
        return;
      }
      this.add(this.lines.session, { kind: 'line', file: this.lines.file, offset: at, text: shrinkLine(redactSecrets(text ?? JSON.stringify(record))) });
    } else if (kind.kind === 'hook' || kind.kind === 'statusLine') {
      // Identical records in one log are told apart by how many came before them.
      const content = canonical(record);
      const nth = this.occurrences.get(content) ?? 0;
      this.occurrences.set(content, nth + 1);
      // Serialised once: the redacted JSON text is the payload as sent (redaction keeps JSON valid).
      const payload = redactSecrets(JSON.stringify(kind.kind === 'hook' ? kind.payload : record));
      const head = JSON.stringify({ kind: kind.kind, key: `#${nth}`, ...(kind.observedAt ? { observedAt: kind.observedAt } : {}) });
      this.add(kind.sessionId, { kind: 'encoded', ndjson: `${head.slice(0, -1)},"payload":${payload}}` });
    } else {
      report.ignored.push({ file: path, at, message: 'not a transcript line, hook payload or status-line input' });
    }
  }
}

/** Every record of a file, parsed. */
function readRecords(path: string, records: Parsed[] | undefined, report: ImportReport): Map<string, ImportItem[]> {
  if (records === undefined) return new Map();
  const groups = new Groups(path, report, { session: transcriptSession(path, records), file: transcriptFileKey(path, records) });
  for (const record of records) {
    report.records += 1;
    groups.addRecord(record);
  }
  return groups.bySession;
}

/**
 * The fast path (see the module comment), or undefined when the file does not qualify: not UTF-8, CR line
 * ends, a first record that is not a transcript line, no session to put its lines in, or a standalone file of
 * sidechain lines (its file key depends on every line).
 */
function readTranscript(path: string, buffer: Buffer, report: ImportReport): Map<string, ImportItem[]> | undefined {
  if (buffer.includes(0x0d) || !isUtf8(buffer)) return undefined;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = 0; start < buffer.length; ) {
    let end = buffer.indexOf(0x0a, start);
    if (end === -1) end = buffer.length;
    if (end > start) {
      starts.push(start);
      ends.push(end);
    }
    start = end + 1;
  }
  const parseAt = (i: number): Parsed | undefined => {
    const text = buffer.toString('utf8', starts[i], ends[i]);
    if (text.trim().length === 0) return undefined;
    try {
      return { at: starts[i]!, text, record: JSON.parse(text) as unknown };
    } catch {
      return undefined;
    }
  };
  let first: Parsed | undefined;
  for (let i = 0; i < starts.length && !first; i++) {
    first = parseAt(i);
    if (!first && buffer.toString('utf8', starts[i], ends[i]).trim().length > 0) return undefined;
  }
  if (!first || classifyRecord(first.record).kind !== 'line') return undefined;
  const inSubagents = basename(dirname(path)) === 'subagents';
  if (!inSubagents && (first.record as { isSidechain?: unknown }).isSidechain === true) return undefined;
  const session = sessionFromPath(path) ?? lastSessionId(starts.length, parseAt);
  if (!session) return undefined;
  const file = inSubagents ? `subagents/${basename(path)}` : 'main';
  const groups = new Groups(path, report, { session, file });

  // Lines that must leave the fast path: a possible secret, or a possible hook payload.
  const slow = new Uint8Array(starts.length);
  const markLineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    slow[lo] = 1;
  };
  for (const offset of secretCandidateOffsets(buffer.toString('latin1'))) markLineAt(offset);
  for (let at = buffer.indexOf(SESSION_ID_KEY); at !== -1; at = buffer.indexOf(SESSION_ID_KEY, at + 1)) markLineAt(at);

  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    if (slow[i] === 0 && buffer[start] === OPEN_BRACE && end - start <= MAX_LINE_BYTES) {
      report.records += 1;
      groups.add(session, { kind: 'lineBytes', file, offset: start, bytes: buffer.subarray(start, end), path });
      continue;
    }
    const text = buffer.toString('utf8', start, end);
    if (text.trim().length === 0) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      report.errors.push({ file: path, at: start, message: `not JSON: ${(error as Error).message}` });
      continue;
    }
    report.records += 1;
    groups.addRecord({ at: start, text, record });
  }
  return groups.bySession;
}

/**
 * A fast-path line of a batch the ingest refused: parsed and classified here. Not JSON or not a transcript
 * line goes to the report; a transcript line comes back as a text item, to be sent again.
 */
export function sortOutLine(item: ImportLine, report: ImportReport): BatchItem | undefined {
  const text = item.bytes.toString('utf8');
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    report.records -= 1; // counted when read; records are what parsed
    report.errors.push({ file: item.path, at: item.offset, message: `not JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (classifyRecord(record).kind === 'line') return { kind: 'line', file: item.file, offset: item.offset, text };
  report.ignored.push({ file: item.path, at: item.offset, message: 'not a transcript line, hook payload or status-line input' });
  return undefined;
}

function arrayRecords(path: string, buffer: Buffer, report: ImportReport): Parsed[] | undefined {
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
  return (value as unknown[]).map((record, at) => ({ at, text: undefined, record }));
}

function lineRecords(path: string, buffer: Buffer, report: ImportReport): Parsed[] {
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

/** The session a file's name says: `<session-uuid>.jsonl`, or `<session-uuid>/subagents/*.jsonl`. */
export function sessionFromPath(path: string): string | undefined {
  const stem = basename(path).replace(/\.jsonl?$/, '');
  if (UUID.test(stem)) return stem;
  const parent = dirname(path);
  if (basename(parent) === 'subagents' && UUID.test(basename(dirname(parent)))) return basename(dirname(parent));
  return undefined;
}

/** The last `sessionId` a file's records carry (a resumed 1.0.x file holds the old id's lines too). */
function lastSessionId(count: number, recordAt: (i: number) => Parsed | undefined): string | undefined {
  for (let i = count - 1; i >= 0; i--) {
    const r = recordAt(i)?.record as { sessionId?: unknown } | undefined;
    if (typeof r?.sessionId === 'string' && r.sessionId.length > 0) return r.sessionId;
  }
  return undefined;
}

/** The session a transcript file belongs to (see importTranscripts.ts), or undefined. */
function transcriptSession(path: string, records: readonly Parsed[]): string | undefined {
  return sessionFromPath(path) ?? lastSessionId(records.length, (i) => records[i]);
}

/** `subagents/<name>` for a subagent file (by folder, or a standalone file of sidechain lines), else `main`. */
function transcriptFileKey(path: string, records: readonly Parsed[]): string {
  if (basename(dirname(path)) === 'subagents') return `subagents/${basename(path)}`;
  const first = records[0]?.record as { isSidechain?: unknown; agentId?: unknown } | undefined;
  const allSidechain = records.length > 0 && records.every((r) => (r.record as { isSidechain?: unknown })?.isSidechain === true);
  if (allSidechain && typeof first?.agentId === 'string' && /^[A-Za-z0-9._-]{1,190}$/.test(first.agentId)) return `subagents/agent-${first.agentId}.jsonl`;
  return 'main';
}
