/**
 * Files only their owner may read: Kap's data dir holds raw, unredacted hook payloads (the collector's
 * inbox), transcript offsets, batches, the event store and read models, the token and the link secret, so its
 * directories are 0700 and its files 0600 whatever the umask. Anything found looser is tightened when it is
 * opened (a data dir made by an older Kap, a restored backup, or the hook command's `mkdir -p` under a 022
 * umask). Only group and other bits are ever removed; nothing is loosened. One module for the stores, the
 * collector, the token and the link secret.
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/** Mode of Kap's private directories (rwx------). */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of Kap's private files (rw-------). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `path` (and missing parents) as 0700, or tightens an existing directory to 0700 when group or
 * others have any access. Parents that existed are left alone (a data dir's parent is the user's, e.g. $HOME).
 * Throws what `mkdir`/`chmod` throw (EACCES, ENOTDIR…).
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(path, PRIVATE_DIR_MODE);
}

/**
 * Writes `data` to `path` (created or truncated) with mode 0600, also when the file existed with a looser
 * mode. Not atomic: see `writePrivateFileAtomic`. Throws what `open`/`write` throw.
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, PRIVATE_FILE_MODE);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` empty with mode 0600 if it does not exist, or tightens it to 0600 if it is looser; its
 * content is left alone (for a file another writer appends to, such as a log). Throws what `open` throws.
 */
export function ensurePrivateFile(path: string): void {
  const fd = openSync(path, 'a', PRIVATE_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to a new 0600 temp file beside `path` and renames it over `path`, so a reader (or a process
 * killed mid-write) never sees half a file. Throws what `open`/`write`/`rename` throw.
 */
export function writePrivateFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${randomUUID()}.tmp`;
  writePrivateFile(temp, data);
  renameSync(temp, path);
}

/** Removes group/other bits from an existing path's mode when any are set. */
function tighten(path: string, mode: number): void {
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
}

/** Tightens `path` to 0600 when it exists and is looser; nothing when it does not exist. */
export function tightenIfPresent(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
