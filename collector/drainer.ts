/**
 * The drainer: one detached `kap hook --drain` process per burst of hook events. Hook commands start it only
 * when they can take the drainer lock (a directory: `mkdir` is atomic even from a shell) or find the pid in it
 * dead; it ships the inbox, lingers a moment for the next events of the burst, releases the lock and looks
 * once more, so an event that landed while it was leaving is never stranded. While the spool holds batches
 * it lives on (until its deadline) and drains again every `spoolRetryMs`, so a spool left by an ingest that
 * was down ships soon after it is back, without waiting for the next hook event.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DrainOptions, DrainReport } from './drainInbox.js';
import { drainInbox, emptyReport } from './drainInbox.js';
import { inboxHasEntries } from './collectorState.js';
import { ensurePrivateDir } from '../stores/privateFiles.js';
import { releaseLock, takeLock, writeLockPid } from './drainerLock.js';
import { spoolCount } from './spool.js';

export interface DrainerOptions extends DrainOptions {
  /** How long to wait for more events once the inbox is empty, in ms. Default 1500. */
  lingerMs?: number;
  /** Stop taking new work after this long, in ms (the lock is released first). Default 20 s. */
  maxRunMs?: number;
  /** While the spool holds batches, drain again this often, in ms (until `maxRunMs`). Default 5000. */
  spoolRetryMs?: number;
  /**
   * Starts the drainer that takes over when this one reaches `maxRunMs` with entries waiting, and returns its pid
   * (undefined: none started; the entries then wait for the next hook). The hook command's drainer starts
   * `kap hook --drain` detached (cli/hookCommand.ts).
   */
  handOver?: () => number | undefined;
  /**
   * Drains start at least this far apart, in ms. Default 1000. Hooks fire every few tens of ms while the agent
   * works; each drain costs a lock, a read of the transcript's tail, a request and a fold on the server, all CPU
   * the agent could use, so a burst ships in a drain a second, not one per hook event. Status reaches Kap at most
   * this much later (measured: `npm run bench -- overhead`, 300 ms vs 1 s).
   */
  minDrainIntervalMs?: number;
}

/**
 * Runs until the inbox stays empty (and the spool is empty or the deadline passed). Assumes the caller holds
 * the drainer lock (as the hook command leaves it). Never rejects; writes nothing to stdout. At its deadline
 * with entries still waiting it hands the lock to a successor (`handOver`), so an event that came in the last
 * moments never waits for the next hook event; it removes the lock only while the lock names it.
 */
export async function runDrainer(options: DrainerOptions): Promise<DrainReport> {
  const report = emptyReport();
  const { paths } = options;
  const deadline = Date.now() + (options.maxRunMs ?? 20_000);
  let holding = false;
  try {
    ensurePrivateDir(paths.drainerLock);
    writeLockPid(paths.drainerLock, process.pid);
    holding = true;
    for (;;) {
      const began = Date.now();
      await drainInbox(options, report);
      if (await waitForWork(options, deadline)) {
        if (Date.now() >= deadline) break;
        const wait = began + (options.minDrainIntervalMs ?? 1000) - Date.now();
        if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
        continue;
      }
      releaseLock(paths.drainerLock);
      holding = false;
      // An event may have landed after the last look and before the release: look once more.
      if (!inboxHasEntries(paths) || !takeLock(paths.drainerLock, { overDeadHolder: false })) return report;
      writeLockPid(paths.drainerLock, process.pid);
      holding = true;
      if (Date.now() >= deadline) break;
    }
    const successor = inboxHasEntries(paths) ? options.handOver?.() : undefined;
    if (successor !== undefined) {
      writeLockPid(paths.drainerLock, successor);
      holding = false;
    }
  } catch (error) {
    options.logger.error({ err: error }, 'drainer failed');
  } finally {
    if (holding) releaseLock(paths.drainerLock);
  }
  return report;
}

/**
 * True when there is work: an inbox entry within `lingerMs`, or, while the spool holds batches, once
 * `spoolRetryMs` has passed (before `deadline`). False when the drainer may leave.
 */
async function waitForWork(options: DrainerOptions, deadline: number): Promise<boolean> {
  const { paths } = options;
  const started = Date.now();
  const lingerUntil = started + (options.lingerMs ?? 1500);
  while (Date.now() < lingerUntil) {
    await sleep(50);
    if (inboxHasEntries(paths)) return true;
  }
  if (spoolCount(paths) === 0) return false;
  const retryAt = Math.min(started + (options.spoolRetryMs ?? 5_000), deadline);
  while (Date.now() < retryAt) {
    await sleep(200); // slower than the linger: a sleeping drainer should cost next to nothing
    if (inboxHasEntries(paths)) return true;
  }
  return Date.now() < deadline;
}
