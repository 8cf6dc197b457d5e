/**
 * Claude Code's settings.json as a file: read (absent or empty → `{}`) and written atomically (a temp file
 * renamed over it), so a crash never leaves a half-written settings file for Claude Code to refuse.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The settings object at `path`. Throws when the file is not a JSON object (it is someone's: fix it by hand). */
export function readSettingsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  if (text.trim() === '') return {};
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} is not a JSON object; fix it by hand first`);
  return value as Record<string, unknown>;
}

/** Writes `settings` atomically, keeping the file's mode when it exists (`~/.claude.json` is its user's alone). */
export function writeSettingsFile(path: string, settings: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.kap-${process.pid}.tmp`;
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    // a new file: the umask's mode
  }
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, mode === undefined ? {} : { mode });
  if (mode !== undefined) chmodSync(temp, mode);
  renameSync(temp, path);
}
