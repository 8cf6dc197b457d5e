/**
 * The collector's files under `<dataDir>/collector/`: per-session transcript offsets (how far each file
 * was shipped), a per-session lock so concurrent hook processes ship in order, the inbox of hook payloads
 * waiting to ship, and what the ingest refused or kept failing on, set aside for a person to look at (never
 * retried). The spool is in spool.ts. Every directory is 0700 and every file 0600 (privateFiles.ts): the
 * inbox holds raw, unredacted payloads.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Offsets } from './offsetsLog.js';
import { loadOffsets as loadOffsetsLog, saveOffsets as saveOffsetsLog } from './offsetsLog.js';
import { ensurePrivateDir, ensurePrivateFile, writePrivateFile } from '../stores/privateFiles.js';

export interface CollectorPaths {
  /** `KAP_DATA_DIR`: the collector keeps it private too (it also holds the token and the stores). */
  dataDir: string;
  root: string;
  inbox: string;
  offsets: string;
  spool: string;
  rejected: string;
  locks: string;
  /** Held (a directory) while a drainer runs, so hook commands start at most one. */
  drainerLock: string;
  log: string;
}

export function collectorPaths(dataDir: string): CollectorPaths {
  const root = join(dataDir, 'collector');
  return {
    dataDir,
    root,
    inbox: join(root, 'inbox'),
    offsets: join(root, 'offsets'),
    spool: join(root, 'spool'),
    rejected: join(root, 'rejected'),
    locks: join(root, 'locks'),
    drainerLock: join(root, 'drainer.lock'),
    log: join(root, 'collector.log'),
  };
}

/**
 * Creates the data dir and the collector's directories 0700, tightening any found looser (the hook
 * command's `mkdir -p` makes them under the user's umask), and the log file 0600. Cheap: a stat per
 * directory. Throws what mkdir/chmod throw.
 */
export function preparePrivateDirs(paths: CollectorPaths): void {
  for (const dir of [paths.dataDir, paths.root, paths.inbox, paths.offsets, paths.spool, paths.rejected, paths.locks]) ensurePrivateDir(dir);
  ensurePrivateFile(paths.log);
}

export type { Offsets } from './offsetsLog.js';

/** The session's transcript offsets (collector/offsetsLog.ts). */
export function loadOffsets(paths: CollectorPaths, sessionId: string): Offsets {
  return loadOffsetsLog(paths.offsets, sessionId);
}

/** Records the session's transcript offsets (collector/offsetsLog.ts: appended, never a file replaced per drain). */
export function saveOffsets(paths: CollectorPaths, sessionId: string, offsets: Offsets): void {
  saveOffsetsLog(paths.offsets, sessionId, offsets);
}

/** Largest inbox entry read, in bytes (the same as `kap hook`'s stdin limit); a larger one is set aside unread. */
export const MAX_INBOX_ENTRY_BYTES = 16 * 1024 * 1024;

/** A hook payload waiting to be shipped, as the hook command wrote it. */
export interface InboxEntry {
  path: string;
  /** When the hook fired: the entry's mtime. */
  observedAt: string;
  /** The payload as Claude Code wrote it on the hook's stdin (not yet redacted); empty when `tooLarge`. */
  text: string;
  /** The file's size in bytes. */
  bytes: number;
  /** Over `MAX_INBOX_ENTRY_BYTES`: not read. */
  tooLarge: boolean;
  /** The file's mtime: an entry that does not parse and is recent may still be being written. */
  writtenAt: Date;
}

/**
 * Inbox entries: one file per hook payload, written by Kap's hook command (hookCommandScript.ts) in place,
 * so a reader may see a payload still being written (`InboxEntry.writtenAt` lets it wait). Their order is
 * their mtime, in nanoseconds: the moment the hook command wrote them. This one (`kap hook`) writes a
 * 0600 temp file and renames it in.
 */
export function addToInbox(paths: CollectorPaths, observedAt: Date, tiebreak: string, text: string): void {
  ensurePrivateDir(paths.inbox);
  const name = `kap-${tiebreak}-${randomUUID()}.json`;
  const temp = join(paths.inbox, `.${name}`);
  writePrivateFile(temp, text);
  utimesSync(temp, observedAt, observedAt);
  renameSync(temp, join(paths.inbox, name));
}

function inboxNames(paths: CollectorPaths): string[] {
  try {
    return readdirSync(paths.inbox).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
}

/** Whether any payload waits (a directory listing only: for polling). */
export function inboxHasEntries(paths: CollectorPaths): boolean {
  return inboxNames(paths).length > 0;
}

/** How many payloads wait. */
export function inboxCount(paths: CollectorPaths): number {
  return inboxNames(paths).length;
}

/** The waiting payloads of every session, oldest first. */
export function readInbox(paths: CollectorPaths): InboxEntry[] {
  const names = inboxNames(paths);
  const entries: Array<InboxEntry & { ns: bigint }> = [];
  for (const name of names) {
    const path = join(paths.inbox, name);
    try {
      const stat = statSync(path, { bigint: true });
      const bytes = Number(stat.size);
      const tooLarge = bytes > MAX_INBOX_ENTRY_BYTES;
      const text = tooLarge ? '' : readFileSync(path, 'utf8');
      const writtenAt = new Date(Number(stat.mtimeNs / 1_000_000n));
      entries.push({ path, observedAt: writtenAt.toISOString(), text, bytes, tooLarge, writtenAt, ns: stat.mtimeNs });
    } catch {
      // shipped and removed by another drainer meanwhile
    }
  }
  entries.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.path < b.path ? -1 : 1));
  return entries.map(({ ns: _ns, ...entry }) => entry);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Keeps `body` (a batch the ingest refused, an inbox entry or a transcript line that could not ship as it
 * was) under `rejected/`, with the reason beside it: `<ms>-<uuid>.json` and `<ms>-<uuid>.reason.txt`.
 */
export function setAside(paths: CollectorPaths, body: string | Uint8Array, reason: string, now: Date): void {
  const base = rejectedBase(paths, now);
  writePrivateFile(`${base}.json`, body);
  writePrivateFile(`${base}.reason.txt`, `${reason}\n`);
}

/** Moves the file at `path` (an inbox entry, a spooled batch) under `rejected/` unread, the reason beside it. */
export function setAsideFile(paths: CollectorPaths, path: string, reason: string, now: Date): void {
  const base = rejectedBase(paths, now);
  writePrivateFile(`${base}.reason.txt`, `${reason}\n`);
  renameSync(path, `${base}.json`);
}

/** How many batches and entries are set aside. */
export function rejectedCount(paths: CollectorPaths): number {
  try {
    return readdirSync(paths.rejected).filter((n) => n.endsWith('.reason.txt')).length;
  } catch {
    return 0;
  }
}

function rejectedBase(paths: CollectorPaths, now: Date): string {
  ensurePrivateDir(paths.rejected);
  return join(paths.rejected, `${now.getTime()}-${randomUUID()}`);
}
