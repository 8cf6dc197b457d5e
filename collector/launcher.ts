/**
 * Where Kap's hook command finds Kap: `<data dir>/collector/launcher`, two lines (the node binary, Kap's
 * `dist/cli/main.js`), written by every `kap hooks install` and `kap serve`. The settings entry Claude Code runs
 * holds no path into Kap's install (collector/hookCommandScript.ts), so moving or reinstalling Kap needs only a
 * `kap` command run from the new place, and never leaves settings.json pointing into a folder that is gone.
 *
 * A hook that finds no working launcher still queues its payload in the inbox (nothing is lost) and writes the
 * path it tried into `<data dir>/collector/kap-missing`; `kap doctor` reports that trace, and the next drain ships
 * what waited.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir, writePrivateFileAtomic } from '../stores/privateFiles.js';

export interface KapEntry {
  /** Absolute path of the node binary. */
  node: string;
  /** Absolute path of Kap's CLI entry point (`dist/cli/main.js`). */
  main: string;
}

export const launcherPath = (dataDir: string): string => join(dataDir, 'collector', 'launcher');
export const kapMissingPath = (dataDir: string): string => join(dataDir, 'collector', 'kap-missing');

/** This process's node and Kap's built entry point (dist/cli/main.js, also when this module runs from source). */
export function currentKapEntry(): KapEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, '..', 'cli', 'main.js');
  const main = existsSync(sibling) ? sibling : join(here, '..', 'dist', 'cli', 'main.js');
  return { node: process.execPath, main };
}

/**
 * Points the hook command at `entry` (default: this Kap). Writes only when the launcher changes, atomically, mode
 * 0600; clears an old "Kap missing" trace once the launcher works again.
 * @throws Error when a path holds a newline (the launcher is read line by line by `sh`).
 */
export function writeLauncher(dataDir: string, entry: KapEntry = currentKapEntry()): void {
  if (/[\n\r]/.test(entry.node + entry.main)) throw new Error(`Kap cannot be launched from a path with a line break: ${JSON.stringify(entry.main)}`);
  const text = `${entry.node}\n${entry.main}\n`;
  const path = launcherPath(dataDir);
  ensurePrivateDir(dirname(path));
  if (readText(path) !== text) writePrivateFileAtomic(path, text);
  if (existsSync(entry.main)) rmSync(kapMissingPath(dataDir), { force: true });
}

/** The launcher's entry, or undefined when there is none (hooks never installed from this data dir). */
export function readLauncher(dataDir: string): KapEntry | undefined {
  const [node, main] = (readText(launcherPath(dataDir)) ?? '').split('\n');
  return node && main ? { node, main } : undefined;
}

/** The hook command's trace of a launch that found no Kap: the entry point it tried, and when (last time). */
export function readKapMissing(dataDir: string): { tried: string; at: Date } | undefined {
  const path = kapMissingPath(dataDir);
  const text = readText(path);
  return text === undefined ? undefined : { tried: text.trim(), at: statSync(path).mtime };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
