/**
 * Kap's own hooks in a hosted session's worktree, so the session is captured like any other (stream,
 * summary, status): `<worktree>/.claude/settings.local.json` gets Kap's command hook on the events Kap reads
 * (collector/hookSettings.ts `withKapHooks`, the entries `kap hooks install` writes), keeping whatever else
 * the file holds. Claude Code 2.1.197 honours a never-trusted cwd's project settings in `-p` mode
 * (test/support/CLAUDE-CODE-OBSERVED.md).
 *
 * The hook command reads where to send from its environment, so the token never lands in the worktree
 * (where the agent could read or commit it): the runner passes the returned `env` with each turn. The
 * settings file is added to the repository's `info/exclude`, so it is not a changed file of the session.
 */
import { join } from 'node:path';
import { withKapHooks } from '../collector/hookSettings.js';
import { writeLauncher } from '../collector/launcher.js';
import { readSettingsFile, writeSettingsFile } from '../collector/settingsFile.js';
import { excludeFromGit } from './git.js';

export interface HostHooksRequest {
  /** The hosted session's worktree. */
  cwd: string;
  /**
   * The command Claude Code runs for each hook: `collectorCommand()` (cli/hooksCommand.ts). It finds Kap through
   * the launcher in `kapDataDir` (collector/launcher.ts), which this writes.
   */
  hookCommand: string;
  /** Kap's ingest URL, e.g. `http://127.0.0.1:7878`. */
  kapUrl: string;
  /** Bearer token for the ingest. */
  kapToken: string;
  /** The collector's data dir (inbox, offsets, spool) on this host. */
  kapDataDir: string;
}

/** The environment Kap's hook command needs (collector/hookCommandScript.ts, config/kapConfig.ts). */
export interface HostHookEnv extends Record<string, string> {
  KAP_URL: string;
  KAP_TOKEN: string;
  KAP_DATA_DIR: string;
}

export interface HostHooks {
  settingsPath: string;
  /** Pass as the turn's `env` (agentRunner.ts `TurnRequest.env`). */
  env: HostHookEnv;
}

const SETTINGS_FILE = '.claude/settings.local.json';

/**
 * Installs (or refreshes) Kap's hooks in `<cwd>/.claude/settings.local.json`. Throws when the file exists
 * but is not a JSON object (it is someone's: fix it by hand), or on file-system errors.
 */
export async function installHostHooks(request: HostHooksRequest): Promise<HostHooks> {
  const settingsPath = join(request.cwd, SETTINGS_FILE);
  writeSettingsFile(settingsPath, withKapHooks(readSettingsFile(settingsPath), request.hookCommand));
  writeLauncher(request.kapDataDir);
  await excludeFromGit(request.cwd, `/${SETTINGS_FILE}`);
  return { settingsPath, env: { KAP_URL: request.kapUrl, KAP_TOKEN: request.kapToken, KAP_DATA_DIR: request.kapDataDir } };
}


