/**
 * The collector's files under `<dataDir>/collector/`: per-session transcript offsets (how far each file
 * was shipped), a per-session lock so concurrent hook processes ship in order, the spool of batches the
 * ingest could not take yet, and batches the ingest refused (kept for a person to look at, never retried).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface CollectorPaths {
  root: string;
  inbox: string;
  offsets: string;
  spool: string;
  rejected: string;
  locks: string;
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

/** A hook payload waiting to be shipped, as the hook process wrote it. */
export interface InboxEntry {
  path: string;
  observedAt: string;
  /** The payload's JSON text, already redacted. */
  payload: string;
}

/**
 * Puts a hook payload in the session's inbox; names sort by observation time (ms, then a tiebreak), so
 * whichever hook process holds the session lock ships every waiting payload in the order they happened.
 */
export function addToInbox(paths: CollectorPaths, sessionId: string, observedAt: Date, tiebreak: string, payload: string): void {
  const dir = join(paths.inbox, safeName(sessionId));
  mkdirSync(dir, { recursive: true });
  const name = `${observedAt.getTime().toString().padStart(15, '0')}-${tiebreak.padStart(20, '0')}-${randomUUID()}.json`;
  const temp = join(dir, `.${name}.tmp`);
  writeFileSync(temp, JSON.stringify({ observedAt: observedAt.toISOString(), payload }));
  renameSync(temp, join(dir, name));
}

/** The session's waiting payloads, oldest first. Unreadable entries are dropped. */
export function readInbox(paths: CollectorPaths, sessionId: string): InboxEntry[] {
  const dir = join(paths.inbox, safeName(sessionId));
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  const entries: InboxEntry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const { observedAt, payload } = JSON.parse(readFileSync(path, 'utf8')) as { observedAt: string; payload: string };
      entries.push({ path, observedAt, payload });
    } catch {
      rmSync(path, { force: true });
    }
  }
  return entries;
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
