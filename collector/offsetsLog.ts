/**
 * How far each transcript file of a session was shipped: `<collector>/offsets/<session>.log`, append-only. Each
 * drain appends one line, the whole map as JSON (`{"<path>": <bytes>, …}`: a session has a few files); loading
 * takes the last line that parses, so a line torn by a killed process costs nothing but a re-send of what the
 * ingest already has (appends are idempotent). Past `COMPACT_AT_BYTES` the log is rewritten to one line
 * (temp file + rename).
 *
 * Why a log and not a file replaced each time: replacing an existing file, by rename or by truncation, makes
 * ext4 flush its data at once (`auto_da_alloc`); measured in a drainer beside a busy SQLite, the per-drain
 * rename was its largest single cost. An append is not flushed. Offsets written by an older Kap
 * (`<session>.json`) are still read.
 */
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE, writePrivateFileAtomic } from '../stores/privateFiles.js';

/** Transcript file path → bytes already shipped. A Map: paths come from payloads. */
export type Offsets = Map<string, number>;

/** A log larger than this, in bytes, is compacted to its last line on the next save. */
export const COMPACT_AT_BYTES = 64 * 1024;

const safeName = (sessionId: string) => sessionId.replace(/[^A-Za-z0-9._-]/g, '_');

/** The session's offsets; empty when none were saved or none can be read (then everything is sent again). */
export function loadOffsets(dir: string, sessionId: string): Offsets {
  const log = readText(join(dir, `${safeName(sessionId)}.log`));
  if (log !== undefined) {
    const lines = log.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const offsets = parseOffsets(lines[i]!);
      if (offsets) return offsets;
    }
  }
  return parseOffsets(readText(join(dir, `${safeName(sessionId)}.json`)) ?? '') ?? new Map<string, number>();
}

/** Appends the session's offsets (0600 file, 0700 dir); compacts a log past COMPACT_AT_BYTES. Throws what fs throws. */
export function saveOffsets(dir: string, sessionId: string, offsets: Offsets): void {
  ensurePrivateDir(dir);
  const path = join(dir, `${safeName(sessionId)}.log`);
  // Object.fromEntries makes own properties even of a key such as `__proto__`.
  const line = `${JSON.stringify(Object.fromEntries(offsets))}\n`;
  appendFileSync(path, line, { mode: PRIVATE_FILE_MODE });
  if (statSync(path).size > COMPACT_AT_BYTES) writePrivateFileAtomic(path, line);
}

function parseOffsets(text: string): Offsets | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const offsets: Offsets = new Map();
  for (const [path, offset] of Object.entries(stored)) if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) offsets.set(path, offset);
  return offsets;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
