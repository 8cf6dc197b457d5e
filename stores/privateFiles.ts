/**
 * Kap's stored data is its user's alone (every prompt and tool output is in it): directories 0700, files
 * 0600 whatever the umask, and anything found looser tightened when opened (an older Kap, a restored backup).
 * Only group and other bits are ever removed; nothing is loosened. The same rule as the collector's
 * (collector/privateFiles.ts), kept here so the stores do not depend on the collector.
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';

/** rwx------ */
export const PRIVATE_DIR_MODE = 0o700;
/** rw------- */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `path` (and missing parents) 0700, or tightens an existing one. Throws what mkdir / chmod throw. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_DIR_MODE);
}

/** Creates `path` empty and 0600 when absent, or tightens it; its content is left alone. Throws what open throws. */
export function ensurePrivateFile(path: string): void {
  const fd = openSync(path, 'a', PRIVATE_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** Tightens `path` to 0600 when it exists and is looser; nothing when it does not exist. */
export function tightenIfPresent(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
