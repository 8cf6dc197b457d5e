/** `kap hooks install|uninstall`: edits Claude Code's settings.json, keeping everything that is not Kap's. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hookCommandScript } from '../collector/hookCommandScript.js';
import { withKapHooks, withoutKapHooks } from '../collector/hookSettings.js';

export interface Where {
  project?: boolean;
  user?: boolean;
  settings?: string;
}

function settingsPath(where: Where): string {
  if (where.settings) return resolve(where.settings);
  if (where.project) return resolve('.claude', 'settings.json');
  return join(homedir(), '.claude', 'settings.json');
}

function readSettings(path: string): Record<string, unknown> {
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

function writeSettings(path: string, settings: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.kap-${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(temp, path);
}

/**
 * The command Claude Code runs for each hook: see collector/hookCommandScript.ts. It runs Kap's built CLI:
 * this file's sibling `main.js` under dist/, or dist/cli/main.js when this module runs from source (tests).
 */
export function collectorCommand(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const main = existsSync(join(here, 'main.js')) ? join(here, 'main.js') : join(here, '..', 'dist', 'cli', 'main.js');
  return hookCommandScript({ node: process.execPath, main, setsid: hasSetsid() });
}

function hasSetsid(): boolean {
  return spawnSync('sh', ['-c', 'command -v setsid'], { stdio: 'ignore' }).status === 0;
}

export async function hooksInstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettings(path, withKapHooks(readSettings(path), collectorCommand()));
  process.stdout.write(`Kap's hooks installed in ${path}\n`);
}

export async function hooksUninstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettings(path, withoutKapHooks(readSettings(path)));
  process.stdout.write(`Kap's hooks removed from ${path}\n`);
}
