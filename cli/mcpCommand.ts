/**
 * `kap mcp`: the recall MCP server on stdio (mcp/kapMcpServer.ts), for Claude Code and other MCP clients.
 * It reads Kap's API (KAP_URL, the token from KAP_TOKEN or the data dir) as the person this machine's git
 * email / OS user resolves to (ingest/requestReader.ts). stdout carries the protocol only, and stderr stays quiet (Claude Code logs any of it as an error).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { KapConfig } from '../config/kapConfig.js';
import { readMachineIdentity } from '../collector/gitContext.js';
import { readToken } from '../ingest/token.js';
import { createHttpRecallApi } from '../mcp/httpRecallApi.js';
import { createKapMcpServer } from '../mcp/kapMcpServer.js';
import { kapVersion } from './kapVersion.js';

export async function mcpCommand(config: Readonly<KapConfig>): Promise<void> {
  const me = await readMachineIdentity();
  const api = createHttpRecallApi({ url: config.url, token: config.token ?? readToken(config.dataDir), identity: { email: me.email, osUser: me.osUser, host: me.host } });
  const server = createKapMcpServer(api, kapVersion());
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // The client ends the server by closing stdin.
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.close();
}
