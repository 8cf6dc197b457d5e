/**
 * The collector's files under `<dataDir>/collector/`: per-session transcript offsets (how far each file
 * was shipped), a per-session lock so concurrent hook processes ship in order, the spool of batches the
 * ingest could not take yet, and batches the ingest refused (kept for a person to look at, never retried).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface CollectorPaths {
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

/** file path → bytes already shipped. */
export type Offsets = Record<string, number>;

const safeName = (sessionId: string) => sessionId.replace(/[^A-Za-z0-9._-]/g, '_');

export function loadOffsets(paths: CollectorPaths, sessionId: string): Offsets {
  try {
    return JSON.parse(readFileSync(join(paths.offsets, `${safeName(sessionId)}.json`), 'utf8')) as Offsets;
  } catch {
    return {};
  }
}

/** Writes offsets atomically (temp file + rename), so a killed hook never leaves half a file. */
export function saveOffsets(paths: CollectorPaths, sessionId: string, offsets: Offsets): void {
  mkdirSync(paths.offsets, { recursive: true });
  const target = join(paths.offsets, `${safeName(sessionId)}.json`);
  const temp = `${target}.${randomUUID()}.tmp`;
  writeFileSync(temp, JSON.stringify(offsets));
  renameSync(temp, target);
}

/** A hook payload waiting to be shipped, as the hook command wrote it. */
export interface InboxEntry {
  path: string;
  /** When the hook fired: the entry's mtime. */
  observedAt: string;
  /** The payload as Claude Code wrote it on the hook's stdin (not yet redacted). */
  text: string;
  /** The file's mtime: an entry that does not parse and is recent may still be being written. */
  writtenAt: Date;
}

/**
 * Inbox entries: one file per hook payload, written by Kap's hook command (hookCommandScript.ts) in place,
 * so a reader may see a payload still being written (`InboxEntry.writtenAt` lets it wait). Their order is
 * their mtime, in nanoseconds: the moment the hook command wrote them.
 */
export function addToInbox(paths: CollectorPaths, observedAt: Date, tiebreak: string, text: string): void {
  mkdirSync(paths.inbox, { recursive: true });
  const name = `kap-${tiebreak}-${randomUUID()}.json`;
  const temp = join(paths.inbox, `.${name}`);
  writeFileSync(temp, text);
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

/** The waiting payloads of every session, oldest first. */
export function readInbox(paths: CollectorPaths): InboxEntry[] {
  const names = inboxNames(paths);
  const entries: Array<InboxEntry & { ns: bigint }> = [];
  for (const name of names) {
    const path = join(paths.inbox, name);
    try {
      const text = readFileSync(path, 'utf8');
      const stat = statSync(path, { bigint: true });
      const writtenAt = new Date(Number(stat.mtimeNs / 1_000_000n));
      entries.push({ path, observedAt: writtenAt.toISOString(), text, writtenAt, ns: stat.mtimeNs });
    } catch {
      // shipped and removed by another drainer meanwhile
    }
  }
  entries.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.path < b.path ? -1 : 1));
  return entries.map(({ ns: _ns, ...entry }) => entry);
}

/** Adds serialised batches to the spool; names sort in arrival order. */
export function spoolBatches(paths: CollectorPaths, bodies: readonly string[], now: Date): void {
  mkdirSync(paths.spool, { recursive: true });
  bodies.forEach((body, i) => {
    const name = `${now.getTime().toString().padStart(15, '0')}-${String(i).padStart(5, '0')}-${randomUUID()}.json`;
    const temp = join(paths.spool, `.${name}.tmp`);
    writeFileSync(temp, body);
    renameSync(temp, join(paths.spool, name));
  });
}

/** Spooled batch files, oldest first. */
export function spooledFiles(paths: CollectorPaths): string[] {
  try {
    return readdirSync(paths.spool)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort()
      .map((n) => join(paths.spool, n));
  } catch {
    return [];
  }
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Moves a batch the ingest refused out of the spool, with the reason beside it. */
export function setAside(paths: CollectorPaths, body: string, reason: string, now: Date): void {
  mkdirSync(paths.rejected, { recursive: true });
  const base = join(paths.rejected, `${now.getTime()}-${randomUUID()}`);
  writeFileSync(`${base}.json`, body);
  writeFileSync(`${base}.reason.txt`, reason);
}
