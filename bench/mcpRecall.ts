/**
 * Recall through MCP (`kap mcp`, issue #14): the latency of a tool call as an agent makes it — the SDK's client,
 * the Kap MCP server, Kap's HTTP API, the read models — against the same answer fetched straight from the
 * API (the floor: what MCP and the text rendering add), rounds interleaved on corpus sessions. Also the cold
 * start of `kap mcp` as Claude Code spawns it: process start → `initialize` answered.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createHttpRecallApi } from '../mcp/httpRecallApi.js';
import { createKapMcpServer } from '../mcp/kapMcpServer.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';

export interface McpRecallBench {
  rounds: number;
  /** p50 / p99 in ms per path. */
  searchMcp: { p50: number; p99: number };
  searchApi: { p50: number; p99: number };
  turnMcp: { p50: number; p99: number };
  turnApi: { p50: number; p99: number };
  /** `kap mcp` spawned → initialize answered, ms (median of a few). */
  coldStartMs: number;
}

const QUERIES = ['test', 'error', 'readme', 'fix*', '"npm run"', 'kind:tool build'];

export async function benchMcpRecall(rounds = 120): Promise<McpRecallBench> {
  const kap = await startKapForTest();
  const report = await importCorpus(kap, ['spotter', 'claude-code-viewer']);
  // The search projection catches up with the import.
  for (let i = 0; i < 600 && (await kap.get<{ hits: unknown[] }>('/v1/search?q=test')).body.hits.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const identity = { email: 'bench@example.test', osUser: 'bench', host: 'bench' };
  const server = createKapMcpServer(createHttpRecallApi({ url: kap.url, token: kap.token, identity }), 'bench');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(clientSide);
  const headers = { authorization: `Bearer ${kap.token}` };
  const timed = async (run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    return performance.now() - t;
  };
  const samples = { searchMcp: [] as number[], searchApi: [] as number[], turnMcp: [] as number[], turnApi: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const query = QUERIES[i % QUERIES.length]!;
    const session = report.sessions[i % report.sessions.length]!;
    // Interleaved, alternating which goes first.
    const pairs: Array<[keyof typeof samples, () => Promise<unknown>]> = [
      ['searchMcp', () => client.callTool({ name: 'search_sessions', arguments: { query, limit: 10 } })],
      ['searchApi', async () => (await fetch(`${kap.url}/v1/search?q=${encodeURIComponent(query)}&limit=10`, { headers })).json()],
      ['turnMcp', () => client.callTool({ name: 'get_turn', arguments: { session, turn: 1 } })],
      ['turnApi', async () => (await fetch(`${kap.url}/v1/recall/sessions/${session}/turns/1`, { headers })).json()],
    ];
    if (i % 2 === 1) pairs.reverse();
    for (const [name, run] of pairs) samples[name].push(await timed(run));
  }
  const coldStarts: number[] = [];
  for (let i = 0; i < 5; i++) coldStarts.push(await coldStart({ KAP_URL: kap.url, KAP_DATA_DIR: kap.config.dataDir }));
  await client.close();
  await kap.close();
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: s[Math.floor(s.length / 2)]!, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]! };
  };
  coldStarts.sort((a, b) => a - b);
  return { rounds, searchMcp: stats(samples.searchMcp), searchApi: stats(samples.searchApi), turnMcp: stats(samples.turnMcp), turnApi: stats(samples.turnApi), coldStartMs: coldStarts[2]! };
}

/** Spawns `kap mcp` (built), sends `initialize`, resolves the ms until its answer. */
function coldStart(env: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [resolve('dist/cli/main.js'), 'mcp'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.once('data', () => {
      done(performance.now() - started);
      child.stdin.end();
    });
    child.once('error', fail);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`);
  });
}
