/** `kap hooks install|uninstall`: edits Claude Code's settings.json, keeping everything that is not Kap's. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hookCommandScript } from '../collector/hookCommandScript.js';
import { withKapHooks, withoutKapHooks } from '../collector/hookSettings.js';
import { readSettingsFile, writeSettingsFile } from '../collector/settingsFile.js';

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
  writeSettingsFile(path, withKapHooks(readSettingsFile(path), collectorCommand()));
  process.stdout.write(`Kap's hooks installed in ${path}\n`);
}

export async function hooksUninstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettingsFile(path, withoutKapHooks(readSettingsFile(path)));
  process.stdout.write(`Kap's hooks removed from ${path}\n`);
}
