/**
 * Registering `kap mcp` with Claude Code (`kap hooks install --mcp`), the way Claude Code keeps MCP servers
 * (https://docs.claude.com/en/docs/claude-code/mcp, "MCP installation scopes"):
 *   project   `<project>/.mcp.json` `{ "mcpServers": { "kap": … } }`, approved for this project by
 *             `enabledMcpjsonServers: ["kap"]` in `.claude/settings.json` (so Claude Code does not ask)
 *   user      `~/.claude.json` `mcpServers.kap` (every project of this user)
 * Only Kap's entry is added or removed; every other key and server is kept. The entry runs this Kap's node
 * and CLI (`<node> <dist/cli/main.js> mcp`) with the KAP_URL and KAP_DATA_DIR it was installed with; the token
 * is read from the data dir at run time and never written into Claude Code's files.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KapEntry } from '../collector/launcher.js';
import { KAP_MCP_SERVER_NAME } from './kapMcpServer.js';

export interface McpServerEntry {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Where the registration goes: the project's `.mcp.json` (`cwd`), or the user's `~/.claude.json`. */
export function mcpConfigPath(scope: 'project' | 'user', cwd = process.cwd(), home = homedir()): string {
  return scope === 'project' ? resolve(cwd, '.mcp.json') : join(home, '.claude.json');
}

export function kapMcpEntry(entry: KapEntry, env: { url: string; dataDir: string }): McpServerEntry {
  return { type: 'stdio', command: entry.node, args: [entry.main, 'mcp'], env: { KAP_URL: env.url, KAP_DATA_DIR: env.dataDir } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `config` with Kap's server under `mcpServers.kap` (replacing an older one). */
export function withKapMcpServer(config: Record<string, unknown>, server: McpServerEntry): Record<string, unknown> {
  const servers = isObject(config.mcpServers) ? config.mcpServers : {};
  return { ...config, mcpServers: { ...servers, [KAP_MCP_SERVER_NAME]: server } };
}

/** `config` without Kap's server (unchanged when it had none). */
export function withoutKapMcpServer(config: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(config.mcpServers) || !Object.hasOwn(config.mcpServers, KAP_MCP_SERVER_NAME)) return config;
  const servers = Object.fromEntries(Object.entries(config.mcpServers).filter(([name]) => name !== KAP_MCP_SERVER_NAME));
  return { ...config, mcpServers: servers };
}

/** Project settings that approve Kap's `.mcp.json` server (keeping the other approved names). */
export function withKapMcpApproved(settings: Record<string, unknown>): Record<string, unknown> {
  const approved = Array.isArray(settings.enabledMcpjsonServers) ? settings.enabledMcpjsonServers.filter((n): n is string => typeof n === 'string') : [];
  return approved.includes(KAP_MCP_SERVER_NAME) ? settings : { ...settings, enabledMcpjsonServers: [...approved, KAP_MCP_SERVER_NAME] };
}

/** Project settings without Kap's approval (the key removed when Kap's was the only name). */
export function withoutKapMcpApproved(settings: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(settings.enabledMcpjsonServers)) return settings;
  const rest = settings.enabledMcpjsonServers.filter((n) => n !== KAP_MCP_SERVER_NAME);
  if (rest.length === settings.enabledMcpjsonServers.length) return settings;
  const { enabledMcpjsonServers: _dropped, ...others } = settings;
  return rest.length === 0 ? others : { ...others, enabledMcpjsonServers: rest };
}
