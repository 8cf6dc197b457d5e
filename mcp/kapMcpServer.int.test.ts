/**
 * The recall MCP server (issue #14) through the official SDK's client, over an in-memory transport, against a
 * real Kap over HTTP: its five tools answer from Kap's read models, and every answer is the reader's
 * (the read rule's world: access/readRule.contract.ts — OWNER's private session is theirs alone, a stranger
 * gets "no session", an identity nobody resolves gets NOT_LINKED).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, OWNER_EMAIL } from '../access/readRule.contract.js';
import type { MachineIdentity } from '../access/identityLinks.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { createHttpRecallApi } from './httpRecallApi.js';
import { createKapMcpServer } from './kapMcpServer.js';

let slack: SlackStandIn;
let kap: KapUnderTest;
let privateSession: string;
let workspaceSession: string;
const clients: Client[] = [];

const OWNER_MACHINE: MachineIdentity = { email: OWNER_EMAIL, osUser: 'dana', host: 'dana-laptop' };
const STRANGER_MACHINE: MachineIdentity = { email: CONTRACT_USERS.USTRANGER1!, osUser: 'sam', host: 'sam-desktop' };
const UNKNOWN_MACHINE: MachineIdentity = { email: 'nobody@elsewhere.test', osUser: 'x', host: 'y' };

async function connect(identity: MachineIdentity): Promise<Client> {
  const server = createKapMcpServer(createHttpRecallApi({ url: kap.url, token: kap.token, identity }), 'test');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'kap-test', version: '1' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }>; isError?: boolean };
  return { text: result.content.map((c) => c.text).join('\n'), isError: result.isError === true };
}

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: 'xoxb-mcp', users: CONTRACT_USERS, members: CONTRACT_MEMBERS });
  kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: 'xoxb-mcp', SLACK_SIGNING_SECRET: 'mcp-signing-secret-0123456789abcdef', SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: 'https://kap.example.test' });
  privateSession = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
  workspaceSession = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }]);
  // The search index catches up with the summaries in its own projection.
  for (let i = 0; i < 100; i++) {
    const r = await kap.get<{ hits: unknown[] }>('/v1/search?q=roundHalfEven');
    if (r.body.hits.length >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.close();
  await kap?.close();
  await slack?.close();
});

describe('kap mcp: recall tools', () => {
  it('lists its five read-only tools with input schemas', async () => {
    const { tools } = await (await connect(OWNER_MACHINE)).listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_session_recap', 'get_session_summary', 'get_turn', 'list_recent_sessions', 'search_sessions']);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it("answers the owner about their own private session: search, summary, turn, recap, recent", async () => {
    const owner = await connect(OWNER_MACHINE);
    const found = await call(owner, 'search_sessions', { query: 'roundHalfEven' });
    expect(found.isError).toBe(false);
    expect(found.text).toContain(privateSession);
    expect(found.text).toContain(workspaceSession);
    expect(found.text).toMatch(/turn 1 \(prompt\)/);

    const summary = await call(owner, 'get_session_summary', { session: privateSession.slice(0, 13) });
    expect(summary.text).toContain(`Session ${privateSession}`);
    expect(summary.text).toMatch(/turns: 1 · tool calls: 3 \(1 failed\)/);

    const turn = await call(owner, 'get_turn', { session: privateSession, turn: 1 });
    expect(turn.text).toContain(`PROMPT`);
    expect(turn.text).toContain(FIRST_PROMPT);
    expect(turn.text).toContain('TOOL Bash npx vitest run src/refunds [failed]');
    const paged = await call(owner, 'get_turn', { session: privateSession, turn: 1, offset: 1, limit: 1 });
    expect(paged.text).toMatch(/steps 2–2 of \d+/);
    expect(paged.text).toContain('(more: call get_turn again with offset 2)');

    const recap = await call(owner, 'get_session_recap', { session: privateSession });
    expect(recap.isError).toBe(false);
    expect(recap.text).toMatch(/Goal/);

    const recent = await call(owner, 'list_recent_sessions', { repo: 'acme/payments-api', limit: 5 });
    expect(recent.text).toContain(privateSession);
  });

  it("never shows a stranger someone else's private session, and still shows the workspace one", async () => {
    const stranger = await connect(STRANGER_MACHINE);
    const found = await call(stranger, 'search_sessions', { query: 'roundHalfEven' });
    expect(found.text).toContain(workspaceSession);
    expect(found.text).not.toContain(privateSession);
    for (const [tool, args] of [
      ['get_session_summary', { session: privateSession }],
      ['get_turn', { session: privateSession, turn: 1 }],
      ['get_session_recap', { session: privateSession }],
    ] as const) {
      const answer = await call(stranger, tool, args);
      expect(answer.isError, tool).toBe(true);
      expect(answer.text, tool).toMatch(/^SESSION_NOT_FOUND/);
    }
    expect((await call(stranger, 'list_recent_sessions', {})).text).not.toContain(privateSession);
  });

  it('tells a machine nobody resolves how to link itself, and reads nothing for it', async () => {
    const unknown = await connect(UNKNOWN_MACHINE);
    const answer = await call(unknown, 'search_sessions', { query: 'roundHalfEven' });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/^NOT_LINKED: .*\/kap link/);
  });

  it('answers bad arguments and unknown turns as tool errors, not crashes', async () => {
    const owner = await connect(OWNER_MACHINE);
    expect((await call(owner, 'get_turn', { session: privateSession, turn: 99 })).text).toMatch(/^TURN_NOT_FOUND/);
    expect((await call(owner, 'get_session_summary', { session: '../etc/passwd' })).text).toMatch(/^INVALID_SESSION_ID/);
    expect((await call(owner, 'search_sessions', { query: '"unbalanced' })).text).toMatch(/^UNBALANCED_QUOTE/);
    const bad = await owner.callTool({ name: 'get_turn', arguments: { session: privateSession, turn: -1 } });
    expect(bad.isError).toBe(true);
  });
});
