/** `kap hooks install|uninstall`: edits Claude Code's settings.json, keeping everything that is not Kap's. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * The commands Claude Code runs: this node binary on this CLI's entry point, quoted for the shell.
 * Async hooks: where `setsid` exists (Linux) the collector moves to a session of its own at once, so the
 * SIGTERM Claude Code sends its async hooks' process group on exit cannot cut a Stop shipment short; the
 * shell's clock marks when the hook fired (`KAP_HOOK_AT`). The synchronous SessionEnd hook queues its
 * payload and detaches a drainer from node (about 60 ms of Claude Code's exit).
 * See test/support/CLAUDE-CODE-OBSERVED.md for the measurements behind this.
 */
export function collectorCommands(): { async: string; sync: string } {
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'main.js');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const node = quote(process.execPath);
  const main = quote(entry);
  const sync = `exec ${node} ${main} hook --detach`;
  if (!hasSetsid()) return { async: `exec ${node} ${main} hook`, sync };
  const inner = `export KAP_HOOK_AT=$(date +%s%N); exec "$0" "$1" hook`;
  return { async: `exec setsid sh -c ${quote(inner)} ${node} ${main} >/dev/null 2>&1`, sync };
}

function hasSetsid(): boolean {
  return spawnSync('sh', ['-c', 'command -v setsid'], { stdio: 'ignore' }).status === 0;
}

export async function hooksInstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettings(path, withKapHooks(readSettings(path), collectorCommands()));
  process.stdout.write(`Kap's hooks installed in ${path}\n`);
}

export async function hooksUninstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettings(path, withoutKapHooks(readSettings(path)));
  process.stdout.write(`Kap's hooks removed from ${path}\n`);
}
