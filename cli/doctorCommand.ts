/**
 * `kap doctor [--json]`: is capture working on this machine? Checks, in order: the server answers (`/healthz`),
 * its store is whole, the token is accepted, Kap's hooks are installed and current (user and project settings
 * for the current directory), the hook command can start Kap (launcher; a hook's "Kap missing" trace), and what
 * waits in the inbox and spool or was set aside. Prints one line per check with what to do; exits 1 when any
 * check fails. Changes nothing.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KapConfig } from '../config/kapConfig.js';
import { collectorPaths } from '../collector/collectorState.js';
import { readSettingsFile } from '../collector/settingsFile.js';
import { readToken, tokenPath } from '../ingest/token.js';
import type { Check } from './doctor/check.js';
import { formatChecks } from './doctor/check.js';
import { collectorFilesChecks, launcherCheck } from './doctor/collectorCheck.js';
import type { SettingsFileView } from './doctor/hooksCheck.js';
import { hooksCheck } from './doctor/hooksCheck.js';
import { serverChecks } from './doctor/serverCheck.js';
import { collectorCommand } from './hooksCommand.js';

/** All checks, for `cwd` (project settings) and `home` (user settings). */
export async function runDoctor(config: Readonly<KapConfig>, cwd: string, home: string, now: Date): Promise<Check[]> {
  const token = config.token ?? readToken(config.dataDir);
  const server = await serverChecks({ url: config.url, token, tokenSource: config.token ? 'KAP_TOKEN' : tokenPath(config.dataDir) });
  const files: SettingsFileView[] = [
    view(join(home, '.claude', 'settings.json'), '--user'),
    view(resolve(cwd, '.claude', 'settings.json'), '--project'),
    view(resolve(cwd, '.claude', 'settings.local.json'), `--settings ${resolve(cwd, '.claude', 'settings.local.json')}`),
  ];
  const collector = collectorFilesChecks(collectorPaths(config.dataDir), now);
  return [...server, hooksCheck(files, collectorCommand()), launcherCheck(config.dataDir, collector.inboxWaiting), ...collector.checks];
}

function view(path: string, installFlag: string): SettingsFileView {
  try {
    const settings = readSettingsFile(path);
    return { path, installFlag, settings: Object.keys(settings).length === 0 ? undefined : settings };
  } catch (error) {
    return { path, installFlag, settings: error as Error };
  }
}

export async function doctorCommand(config: Readonly<KapConfig>, flags: { json?: boolean }): Promise<void> {
  const checks = await runDoctor(config, process.cwd(), homedir(), new Date());
  process.stdout.write(flags.json ? `${JSON.stringify(checks, null, 2)}\n` : `${formatChecks(checks)}\n`);
  if (checks.some((c) => c.level === 'fail')) process.exitCode = 1;
}
