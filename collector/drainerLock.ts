/**
 * The drainer lock (`<collector>/drainer.lock`): a directory, since `mkdir` is atomic even from the hook command's
 * shell, with the holder's pid in `pid`, so a hook tells a live drainer from a dead one (`kill -0`). One module for
 * every holder: the drainer a hook starts (collector/drainer.ts) and the server's (collector/localDrainer.ts).
 * Nothing here throws.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, writePrivateFile } from '../stores/privateFiles.js';

/** The pid the lock names, or undefined (no lock, no pid yet, or not a pid). */
export function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock (0700) when it is free; with `overDeadHolder`, also when the pid it names is dead (the hook
 * command does the same). A lock without a pid yet is someone's being taken: never taken over. Does not write the
 * pid (`writeLockPid`).
 */
export function takeLock(lock: string, options: { overDeadHolder: boolean }): boolean {
  const holder = options.overDeadHolder ? lockHolder(lock) : undefined;
  if (holder !== undefined && holder !== process.pid && alive(holder)) return false;
  try {
    if (holder !== undefined) rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock, { mode: PRIVATE_DIR_MODE });
    return true;
  } catch {
    return false; // another drainer took it first
  }
}

/** Puts `pid` in the lock (this process's, or a successor's it hands the lock to). */
export function writeLockPid(lock: string, pid: number): void {
  try {
    writePrivateFile(join(lock, 'pid'), `${pid}\n`);
  } catch {
    // released meanwhile
  }
}

/** Removes the lock while it names this process or no one (a successor's lock is left alone). */
export function releaseLock(lock: string): void {
  const holder = lockHolder(lock);
  if (holder === undefined || holder === process.pid) rmSync(lock, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
