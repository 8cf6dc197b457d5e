/**
 * The inbox drained by a `kap serve` on the same data dir (the embedded default: Kap on the developer's machine).
 * The server holds the drainer lock with its own pid, so Kap's hook command finds a live drainer and starts no
 * Node process at all: per hook event that leaves the `sh` and the `cat` (collector/hookCommandScript.ts), and the
 * drain work is done by a process that is already running, without a Node start and module loading per burst of
 * events (measured: `npm run bench -- overhead`). When the server stops it releases the lock; if it dies, its pid
 * is dead and the next hook takes the lock over as from any dead drainer.
 *
 * New entries are seen through `fs.watch` on the inbox, with a timer as a fallback (and for the spool's retries);
 * drains start at least `minDrainIntervalMs` apart, one at a time. While another drainer holds the lock (started
 * before the server), the server waits for it to leave and then takes over. Never throws.
 */
import { mkdirSync, readFileSync, rmSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_DIR_MODE, writePrivateFile } from '../stores/privateFiles.js';
import { inboxHasEntries } from './collectorState.js';
import type { DrainOptions } from './drainInbox.js';
import { drainInbox, emptyReport } from './drainInbox.js';
import { spoolCount } from './spool.js';

export interface LocalDrainerOptions extends DrainOptions {
  /** Drains start at least this far apart, in ms. Default 250 (no process start to amortise here). */
  minDrainIntervalMs?: number;
  /** How often to look for the lock, new entries the watch missed, and a due spool, in ms. Default 2000. */
  checkEveryMs?: number;
}

export interface LocalDrainer {
  /** Whether this process holds the drainer lock now. */
  holdsLock(): boolean;
  /** Stops watching, lets a running drain finish, releases the lock. */
  close(): Promise<void>;
}

export function startLocalDrainer(options: LocalDrainerOptions): LocalDrainer {
  const { paths, logger } = options;
  const interval = options.minDrainIntervalMs ?? 250;
  let holding = false;
  let closed = false;
  let watcher: FSWatcher | undefined;
  let scheduled: NodeJS.Timeout | undefined;
  let lastDrainAt = 0;
  let draining: Promise<void> = Promise.resolve();

  const drainSoon = () => {
    if (closed || !holding || scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      draining = draining.then(drainOnce);
    }, Math.max(0, lastDrainAt + interval - Date.now()));
  };
  const drainOnce = async () => {
    if (closed || !holding) return;
    lastDrainAt = Date.now();
    try {
      await drainInbox(options, emptyReport());
    } catch (error) {
      logger.error({ err: error }, 'local drain failed');
    }
    if (inboxHasEntries(paths)) drainSoon();
  };
  const check = () => {
    if (closed) return;
    if (!holding) {
      holding = takeLock(paths.drainerLock);
      if (!holding) return;
      watcher = watchInbox(paths.inbox, drainSoon, logger);
    }
    if (inboxHasEntries(paths) || spoolCount(paths) > 0) drainSoon();
  };
  const timer = setInterval(check, options.checkEveryMs ?? 2000);
  timer.unref();
  check();

  return {
    holdsLock: () => holding,
    async close() {
      closed = true;
      clearInterval(timer);
      if (scheduled) clearTimeout(scheduled);
      watcher?.close();
      await draining;
      if (holding) releaseLock(paths.drainerLock);
      holding = false;
    },
  };
}

/** Takes the lock when it is free or its holder is dead, and writes this process's pid in it. */
function takeLock(lock: string): boolean {
  const holder = lockPid(lock);
  if (holder !== undefined && holder !== process.pid && alive(holder)) return false;
  try {
    if (holder !== undefined) rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock, { mode: PRIVATE_DIR_MODE });
  } catch {
    return false; // another drainer took it first
  }
  writePrivateFile(join(lock, 'pid'), `${process.pid}\n`);
  return true;
}

function releaseLock(lock: string): void {
  if (lockPid(lock) === process.pid) rmSync(lock, { recursive: true, force: true });
}

function lockPid(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function watchInbox(inbox: string, onChange: () => void, logger: DrainOptions['logger']): FSWatcher | undefined {
  try {
    ensurePrivateDir(inbox);
    const watcher = watch(inbox, { persistent: false }, onChange);
    watcher.on('error', (error) => logger.warn({ err: error }, 'inbox watch failed; the timer still drains'));
    return watcher;
  } catch (error) {
    logger.warn({ err: error }, 'cannot watch the inbox; the timer drains it');
    return undefined;
  }
}
