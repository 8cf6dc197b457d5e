/**
 * Recall end to end (issue #14): `kap hooks install --project --mcp` registers `kap mcp` in the project's
 * `.mcp.json`; the real `claude` CLI, driven by the scripted Messages API, calls `mcp__kap__search_sessions`
 * and then `mcp__kap__get_turn`; the answers it sends back to the model hold what Kap recorded of an earlier
 * session (its id, the matching prompt). Without Slack, the local user reads every session.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude } from '../support/claudeCli.js';
import { startKapForTest } from '../support/kapHarness.js';
import type { KapUnderTest } from '../support/kapHarness.js';
import { FIRST_PROMPT } from '../support/recapFixtures.js';
import { lastToolResults, startScriptedMessagesApi, toolNames } from '../support/scriptedMessagesApi.js';
import type { ScriptedMessagesApi } from '../support/scriptedMessagesApi.js';
import { syntheticSessionBatch } from '../support/syntheticSession.js';

const run = promisify(execFile);
const KAP = resolve('dist/cli/main.js');

let kap: KapUnderTest;
let api: ScriptedMessagesApi;
let earlier: string;

beforeAll(async () => {
  kap = await startKapForTest();
  const batch = syntheticSessionBatch();
  earlier = batch.sessionId;
  const posted = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(posted.status).toBe(200);
  await kap.settled([earlier]);
  for (let i = 0; i < 100 && (await kap.get<{ hits: unknown[] }>('/v1/search?q=roundHalfEven')).body.hits.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
}, 60_000);
afterAll(async () => {
  await api?.close();
  await kap?.close();
});

describe('kap mcp with the real claude', () => {
  it('is registered by kap hooks install --mcp, and claude calls its tools and gets what Kap recorded', async () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-mcp-home-')));
    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-mcp-repo-')));
    writeFileSync(join(cwd, 'README.md'), '# payments\n');
    const env = { ...process.env, HOME: home, KAP_URL: kap.url, KAP_DATA_DIR: kap.config.dataDir };
    const installed = await run(process.execPath, [KAP, 'hooks', 'install', '--project', '--mcp'], { env, cwd });
    expect(installed.stdout).toContain(join(cwd, '.mcp.json'));
    const registered = JSON.parse(readFileSync(join(cwd, '.mcp.json'), 'utf8'));
    expect(registered.mcpServers.kap.args).toEqual([resolve(KAP), 'mcp']);
    expect(JSON.parse(readFileSync(join(cwd, '.claude', 'settings.json'), 'utf8')).enabledMcpjsonServers).toEqual(['kap']);

    api = await startScriptedMessagesApi({
      main: [
        // Claude Code 2.1.197 connects MCP servers in the background: the first request lists WaitForMcpServers,
        // not their tools (test/support/CLAUDE-CODE-OBSERVED.md).
        { toolUses: [{ name: 'WaitForMcpServers', input: {} }] },
        { toolUses: [{ name: 'mcp__kap__search_sessions', input: { query: 'roundHalfEven ledger' } }] },
        { toolUses: [{ name: 'mcp__kap__get_turn', input: { session: earlier, turn: 1 } }] },
        { text: 'Found the earlier session.' },
      ],
    });
    const result = await runClaude({
      cwd,
      home,
      prompt: 'What did we do about rounding before?',
      apiUrl: api.url,
      allowedTools: ['WaitForMcpServers', 'mcp__kap__search_sessions', 'mcp__kap__get_turn'],
      env: { KAP_URL: kap.url, KAP_DATA_DIR: kap.config.dataDir },
      timeoutMs: 90_000,
    });
    expect(result.exitCode, result.stderr).toBe(0);

    // What each tool call answered, as claude sent it back to the model (the MCP server may connect before the
    // first request or after it: WaitForMcpServers answers either way).
    const results = api.messageRequests('main').map((r) => JSON.stringify(lastToolResults(r).map((t) => t.content)));
    expect(api.messageRequests('main').some((r) => toolNames(r).includes('mcp__kap__get_turn'))).toBe(true);
    const searched = results.find((text) => text.includes('turn 1 (prompt)'));
    expect(searched, results.join('\n')).toBeDefined();
    expect(searched).toContain(earlier);
    const turn = results.find((text) => text.includes('PROMPT'));
    expect(turn, results.join('\n')).toBeDefined();
    expect(turn).toContain(FIRST_PROMPT);
    expect(turn).toContain('TOOL Bash npx vitest run src/refunds [failed]');
  }, 150_000);
});
