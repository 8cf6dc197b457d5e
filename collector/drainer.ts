/**
 * The drainer: one detached `kap hook --drain` process per burst of hook events. Hook commands start it only
 * when they can take the drainer lock (a directory: `mkdir` is atomic even from a shell) or find the pid in it
 * dead; it ships the inbox, lingers a moment for the next events of the burst, releases the lock and looks
 * once more, so an event that landed while it was leaving is never stranded.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DrainOptions, DrainReport } from './drainInbox.js';
import { drainInbox, emptyReport } from './drainInbox.js';
import { inboxHasEntries } from './collectorState.js';

export interface DrainerOptions extends DrainOptions {
  /** How long to wait for more events once the inbox is empty, in ms. Default 1500. */
  lingerMs?: number;
  /** Stop taking new work after this long, in ms (the lock is released first). Default 20 s. */
  maxRunMs?: number;
}

/** Runs until the inbox stays empty. Assumes the caller holds the drainer lock (as the hook command leaves it). */
export async function runDrainer(options: DrainerOptions): Promise<DrainReport> {
  const report = emptyReport();
  const { paths } = options;
  const lingerMs = options.lingerMs ?? 1500;
  const deadline = Date.now() + (options.maxRunMs ?? 20_000);
  mkdirSync(paths.drainerLock, { recursive: true });
  writePid(paths.drainerLock);
  try {
    for (;;) {
      await drainInbox(options, report);
      if (await waitForWork(paths, lingerMs) && Date.now() < deadline) continue;
      rmSync(paths.drainerLock, { recursive: true, force: true });
      // An event may have landed after the last look and before the release: look once more.
      if (!inboxHasEntries(paths) || !takeLock(paths.drainerLock) || Date.now() >= deadline) break;
      writePid(paths.drainerLock);
    }
  } finally {
    if (Date.now() >= deadline) rmSync(paths.drainerLock, { recursive: true, force: true });
  }
  return report;
}

async function waitForWork(paths: DrainOptions['paths'], lingerMs: number): Promise<boolean> {
  const until = Date.now() + lingerMs;
  while (Date.now() < until) {
    await sleep(50);
    if (inboxHasEntries(paths)) return true;
  }
  return false;
}

function takeLock(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Puts this process's pid in the lock, so hook commands can tell a live drainer from a dead one. */
function writePid(lock: string): void {
  try {
    writeFileSync(join(lock, 'pid'), `${process.pid}\n`);
  } catch {
    // released meanwhile
  }
}
