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
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { ensurePrivateDir } from '../stores/privateFiles.js';
import { releaseLock, takeLock, writeLockPid } from './drainerLock.js';
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
      if (!takeLock(paths.drainerLock, { overDeadHolder: true })) return;
      writeLockPid(paths.drainerLock, process.pid);
      holding = true;
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
