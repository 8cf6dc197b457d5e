/** `kap hooks install|uninstall`: edits Claude Code's settings.json, keeping everything that is not Kap's. */
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KapConfig } from '../config/kapConfig.js';
import { hookCommandScript } from '../collector/hookCommandScript.js';
import { withKapHooks, withoutKapHooks } from '../collector/hookSettings.js';
import { currentKapEntry, writeLauncher } from '../collector/launcher.js';
import { readToken } from '../ingest/token.js';
import { kapMcpEntry, mcpConfigPath, withKapMcpApproved, withKapMcpServer, withoutKapMcpApproved, withoutKapMcpServer } from '../mcp/mcpRegistration.js';
import { readSettingsFile, writeSettingsFile } from '../collector/settingsFile.js';
import { approvalTimeoutMs, HOOK_TIMEOUT_MARGIN_S } from '../approvals/approvalHook.js';
import { withApprovalHook } from '../approvals/approvalHookSettings.js';

export interface Where {
  project?: boolean;
  user?: boolean;
  settings?: string;
}

/** The settings file `where` names: `--settings <file>`, `--project` (./.claude/settings.json) or the user's. */
export function settingsPath(where: Where): string {
  if (where.settings) return resolve(where.settings);
  if (where.project) return resolve('.claude', 'settings.json');
  return join(homedir(), '.claude', 'settings.json');
}

/**
 * The command Claude Code runs for each hook (collector/hookCommandScript.ts): the same string for every install
 * on this system; it finds Kap through the launcher in the data dir.
 */
export function collectorCommand(): string {
  return hookCommandScript({ setsid: hasSetsid() });
}

let setsid: boolean | undefined;
function hasSetsid(): boolean {
  setsid ??= spawnSync('sh', ['-c', 'command -v setsid'], { stdio: 'ignore' }).status === 0;
  return setsid;
}

export interface InstallFlags extends Where {
  /**
   * Also the synchronous PermissionRequest hook that asks in Slack (approvals/approvalHookSettings.ts); its
   * timeout is `approvalTimeoutS` (KAP_APPROVAL_TIMEOUT_S, default 60) plus a margin.
   */
  remoteApprovals?: boolean;
  /** Also register `kap mcp` with Claude Code (mcp/mcpRegistration.ts): the project's `.mcp.json` with `--project`, else `~/.claude.json`. */
  mcp?: boolean;
}

export async function hooksInstall(config: KapConfig, flags: InstallFlags, approvalTimeoutS = approvalTimeoutMs(process.env.KAP_APPROVAL_TIMEOUT_S) / 1000): Promise<void> {
  const path = settingsPath(flags);
  const settings = withKapHooks(readSettingsFile(path), collectorCommand());
  const withApprovals = flags.remoteApprovals ? withApprovalHook(settings, Math.ceil(approvalTimeoutS) + HOOK_TIMEOUT_MARGIN_S) : settings;
  writeSettingsFile(path, flags.mcp && flags.project ? withKapMcpApproved(withApprovals) : withApprovals);
  writeLauncher(config.dataDir);
  process.stdout.write(`Kap's hooks installed in ${path} (they start Kap through ${join(config.dataDir, 'collector', 'launcher')})\n`);
  if (flags.mcp) {
    const mcpPath = mcpConfigPath(flags.project ? 'project' : 'user');
    writeSettingsFile(mcpPath, withKapMcpServer(readSettingsFile(mcpPath), kapMcpEntry(currentKapEntry(), { url: config.url, dataDir: config.dataDir })));
    process.stdout.write(`Kap's MCP server (kap mcp: search_sessions, get_session_summary, get_session_recap, get_turn, list_recent_sessions) registered in ${mcpPath}\n`);
    if (config.token && !readToken(config.dataDir)) process.stdout.write('Note: the token comes from KAP_TOKEN; give Claude Code that variable too, or kap mcp cannot read Kap\n');
  }
  if (flags.remoteApprovals) process.stdout.write(`Permission requests are asked in Slack first (${approvalTimeoutS} s, KAP_APPROVAL_TIMEOUT_S), then in Claude Code\n`);
}

export async function hooksUninstall(where: Where): Promise<void> {
  const path = settingsPath(where);
  writeSettingsFile(path, withoutKapMcpApproved(withoutKapHooks(readSettingsFile(path))));
  process.stdout.write(`Kap's hooks removed from ${path}\n`);
  // Kap's MCP server goes with its hooks, where it was registered for this scope.
  const mcpPath = mcpConfigPath(where.project ? 'project' : 'user');
  const mcp = readSettingsFile(mcpPath);
  const without = withoutKapMcpServer(mcp);
  if (without !== mcp) {
    writeSettingsFile(mcpPath, without);
    process.stdout.write(`Kap's MCP server removed from ${mcpPath}\n`);
  }
}
