/**
 * The spool: batches the ingest has not taken yet, one file each under `collector/spool/`, shipped per
 * session in the order they were spooled (under the session's lock), on every drain. A batch lands here
 * when the ingest was unreachable (then it is simply shipped later: nothing is lost) or when the ingest
 * failed on it (5xx, connection broken mid-request): such a batch carries its failed attempts in its name,
 * is tried again after a back-off, and after `MAX_ATTEMPTS` is set aside, so it never holds its session's
 * later batches forever.
 *
 * File name: `<ms, 15 digits>-<seq, 5 digits>-<sessionId>-<uuid>[.try<attempts>].json`; the mtime of a
 * batch with attempts is when it last failed. Files of an earlier Kap (`<ms>-<seq>-<uuid>.json`) are read
 * by their header line.
 */
import { closeSync, openSync, readdirSync, readSync, renameSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SESSION_ID_PATTERN } from '../events/sessionId.js';
import type { CollectorPaths } from './collectorState.js';
import { ensurePrivateDir, writePrivateFile } from '../stores/privateFiles.js';

/** Failed attempts (not counting "ingest unreachable") after which a batch is set aside. */
export const MAX_ATTEMPTS = 5;

/** Wait after a batch's `attempts`-th failure before the next try, in ms: 10 s, 30 s, 90 s, 270 s. */
export const retryDelayMs = (attempts: number): number => (attempts <= 0 ? 0 : 10_000 * 3 ** (attempts - 1));

/** Where spooled batches of unknown session (an earlier Kap's file with an unreadable header) are grouped. */
export const UNKNOWN_SESSION = '.unknown';

export interface SpooledBatch {
  path: string;
  name: string;
  sessionId: string;
  /** Failed attempts so far (0: spooled because the ingest was unreachable). */
  attempts: number;
  /** When it last failed (its mtime); meaningful when `attempts` > 0. */
  lastFailedAt: Date;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NAME = new RegExp(`^(\\d{15})-(\\d{5})-([A-Za-z0-9][A-Za-z0-9._-]{0,127})-${UUID}(?:\\.try(\\d+))?\\.json$`);
const LEGACY_NAME = new RegExp(`^\\d{15}-\\d{5}-${UUID}\\.json$`);

/** Every spooled batch, grouped by session (Map: ids come from payloads), each session's oldest first. */
export function spooledBySession(paths: CollectorPaths): Map<string, SpooledBatch[]> {
  const sessions = new Map<string, SpooledBatch[]>();
  for (const batch of listSpool(paths)) {
    const group = sessions.get(batch.sessionId);
    if (group) group.push(batch);
    else sessions.set(batch.sessionId, [batch]);
  }
  return sessions;
}

/** One session's spooled batches, oldest first. */
export function spooledBatches(paths: CollectorPaths, sessionId: string): SpooledBatch[] {
  return listSpool(paths).filter((batch) => batch.sessionId === sessionId);
}

/** How many batches wait in the spool. */
export function spoolCount(paths: CollectorPaths): number {
  return listSpool(paths).length;
}

/**
 * Adds a session's batches to the spool, after the ones it holds (`existing`, from `spooledBatches`), the
 * first with `firstAttempts` failed attempts (its mtime is then `now`). Files are 0600, written whole
 * before they appear under their name. Throws what the file system throws.
 */
export function spoolBatches(
  paths: CollectorPaths,
  sessionId: string,
  bodies: readonly (string | Uint8Array)[],
  now: Date,
  existing: readonly SpooledBatch[] = [],
  firstAttempts = 0,
): void {
  ensurePrivateDir(paths.spool);
  let [ms, seq] = lastStamp(existing);
  bodies.forEach((body, i) => {
    if (now.getTime() > ms) [ms, seq] = [now.getTime(), 0];
    else if (++seq > 99_999) [ms, seq] = [ms + 1, 0];
    const attempts = i === 0 ? firstAttempts : 0;
    const name = `${String(ms).padStart(15, '0')}-${String(seq).padStart(5, '0')}-${sessionId}-${randomUUID()}${attempts > 0 ? `.try${attempts}` : ''}.json`;
    const temp = join(paths.spool, `.${name}.tmp`);
    writePrivateFile(temp, body);
    if (attempts > 0) utimesSync(temp, now, now);
    renameSync(temp, join(paths.spool, name));
  });
}

/** Counts one more failed attempt of a spooled batch (renamed, mtime `now`). Throws if it is gone. */
export function recordFailedAttempt(batch: SpooledBatch, now: Date): void {
  const base = batch.name.replace(/(?:\.try\d+)?\.json$/, '');
  const target = join(batch.path, '..', `${base}.try${batch.attempts + 1}.json`);
  renameSync(batch.path, target);
  utimesSync(target, now, now);
}

/** Whether a batch with failed attempts has waited out its back-off at `nowMs` (always, without attempts). */
export function isDue(batch: SpooledBatch, nowMs: number): boolean {
  return nowMs - batch.lastFailedAt.getTime() >= retryDelayMs(batch.attempts);
}

function listSpool(paths: CollectorPaths): SpooledBatch[] {
  let names: string[];
  try {
    names = readdirSync(paths.spool).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  const batches: SpooledBatch[] = [];
  for (const name of names.sort()) {
    const path = join(paths.spool, name);
    const match = NAME.exec(name);
    const sessionId = match ? match[3]! : LEGACY_NAME.test(name) ? (headerSessionId(path) ?? UNKNOWN_SESSION) : undefined;
    if (sessionId === undefined) continue;
    const attempts = match?.[4] === undefined ? 0 : Number(match[4]);
    let lastFailedAt = new Date(0);
    if (attempts > 0) {
      try {
        lastFailedAt = statSync(path).mtime;
      } catch {
        continue; // shipped by another process meanwhile
      }
    }
    batches.push({ path, name, sessionId, attempts, lastFailedAt });
  }
  return batches;
}

/** The time and sequence of the newest of `existing`, or [0, 0]. */
function lastStamp(existing: readonly SpooledBatch[]): [number, number] {
  const last = existing.at(-1);
  const match = last ? /^(\d{15})-(\d{5})-/.exec(last.name) : null;
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/** The `sessionId` of a batch's NDJSON header line (its first 64 KiB), if it reads as one. */
function headerSessionId(path: string): string | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      const end = buffer.indexOf(0x0a);
      const header = JSON.parse(buffer.toString('utf8', 0, end === -1 ? n : Math.min(end, n))) as { sessionId?: unknown };
      return typeof header.sessionId === 'string' && SESSION_ID_PATTERN.test(header.sessionId) ? header.sessionId : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
