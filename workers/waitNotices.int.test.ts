/**
 * Wait notices on the embedded default (in-process job queue) against the Slack stand-in: a session that
 * starts waiting for a person DMs its owner once per wait (`chat.postMessage` to the owner's user id), with
 * what it waits for, the question's text and the session's link; a second hook about the same wait sends
 * nothing; a wait already over when the notice is due sends nothing; a session whose owner Kap cannot
 * resolve DMs nobody.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, OWNER_EMAIL } from '../access/readRule.contract.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { postHook, testClock } from '../test/support/liveSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { waitDetail } from './waitNotices.js';

const TOKEN = 'xoxb-test-bot-token';
const PUBLIC = 'https://kap.example.test';
const DELAY_MS = 100;
const QUESTION = 'Which table should the migration <drop> first?';

describe('wait notices', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  const clock = testClock('2026-12-01T11:00:00Z');

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, users: { [OWNER]: OWNER_EMAIL } });
    kap = await startKapForTest(
      undefined,
      { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef', SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC },
      { now: clock.now, waitNoticeDelayMs: DELAY_MS },
    );
  }, 60_000);
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
  });

  const dmsTo = (user: string) => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === user);
  const ask = { hook_event_name: 'PermissionRequest', tool_name: 'AskUserQuestion', tool_input: { questions: [{ question: QUESTION, header: 'Migration', options: [{ label: 'users' }, { label: 'orders' }] }] } };

  it('DMs the owner once per wait, with what it waits for, the question and the link', async () => {
    const id = randomUUID();
    await postHook(kap, id, clock.now(), { hook_event_name: 'UserPromptSubmit', prompt: 'migrate the schema' });
    clock.advance(1000);
    await postHook(kap, id, clock.now(), ask);
    expect((await kap.summary(id))?.status).toBe('waiting');
    // The TUI's own notice of the same wait, seconds later: the same wait, no second DM.
    clock.advance(6000);
    await postHook(kap, id, clock.now(), { hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use AskUserQuestion' });
    await waitUntil(() => dmsTo(OWNER).length >= 1);
    const [dm] = dmsTo(OWNER);
    expect(dm!.response.ok).toBe(true);
    const text = String(dm!.args.text);
    expect(text).toContain('permission: AskUserQuestion');
    expect(text).toContain('Which table should the migration &lt;drop&gt; first?');
    expect(text).toContain(`<${PUBLIC}/s/${id}|`);

    // Answered, then a new wait (a command to allow): a second DM, with the command.
    clock.advance(1000);
    await postHook(kap, id, clock.now(), { hook_event_name: 'PostToolUse', tool_name: ask.tool_name, tool_input: ask.tool_input, tool_response: {} });
    clock.advance(1000);
    await postHook(kap, id, clock.now(), { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'psql -c "drop table users"' } });
    await waitUntil(() => dmsTo(OWNER).length >= 2);
    expect(String(dmsTo(OWNER)[1]!.args.text)).toContain('psql -c "drop table users"');
    // A marker wait of another session: once its DM is out, nothing more came for the first session.
    const marker = randomUUID();
    await postHook(kap, marker, clock.now(), { hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'Claude is waiting for your input' });
    await waitUntil(() => dmsTo(OWNER).some((c) => String(c.args.text).includes(marker)));
    expect(dmsTo(OWNER).filter((c) => String(c.args.text).includes(id))).toHaveLength(2);
  });

  it('sends nothing for a wait answered before the notice is due', async () => {
    const id = randomUUID();
    await postHook(kap, id, clock.now(), ask);
    await postHook(kap, id, clock.now(), { hook_event_name: 'PostToolUse', tool_name: ask.tool_name, tool_input: ask.tool_input, tool_response: {} });
    const marker = randomUUID();
    clock.advance(1000);
    await postHook(kap, marker, clock.now(), { hook_event_name: 'Elicitation', mcp_server_name: 'jira', message: 'Which sprint?' });
    await waitUntil(() => dmsTo(OWNER).some((c) => String(c.args.text).includes(marker)));
    expect(String(dmsTo(OWNER).find((c) => String(c.args.text).includes(marker))!.args.text)).toContain('Which sprint?');
    expect(dmsTo(OWNER).filter((c) => String(c.args.text).includes(id))).toHaveLength(0);
  });

  it('DMs nobody when the owner does not resolve to a Slack user', async () => {
    const id = randomUUID();
    const before = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    await postHook(kap, id, clock.now(), ask, 'Sam Stranger <sam@elsewhere.dev>');
    expect((await kap.summary(id))?.status).toBe('waiting');
    // The notice asked Slack who the owner is (no one), and a later wait of OWNER's is sent: this one was not.
    await waitUntil(() => slack.calls.some((c) => c.method === 'users.lookupByEmail' && c.args.email === 'sam@elsewhere.dev'));
    const marker = randomUUID();
    clock.advance(1000);
    await postHook(kap, marker, clock.now(), ask);
    await waitUntil(() => dmsTo(OWNER).some((c) => String(c.args.text).includes(marker)));
    const posted = slack.calls.filter((c) => c.method === 'chat.postMessage').slice(before);
    expect(posted.map((c) => c.args.channel)).toEqual([OWNER]);
  });

  it('reads the question from the hook payloads Claude Code sends', () => {
    expect(waitDetail('PermissionRequest', ask)).toBe(QUESTION);
    expect(waitDetail('PermissionRequest', { tool_name: 'Edit', tool_input: { file_path: '/src/a.ts', old_string: 'a', new_string: 'b' } })).toBe('/src/a.ts');
    expect(waitDetail('Notification', { notification_type: 'idle_prompt', message: 'Claude is waiting for your input' })).toBe('Claude is waiting for your input');
    expect(waitDetail('Elicitation', { mcp_server_name: 'jira', message: 'x'.repeat(5000) })).toHaveLength(600);
    expect(waitDetail('PermissionRequest', { tool_name: 'Mystery' })).toBeNull();
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the Slack stand-in');
    await new Promise((r) => setTimeout(r, 10));
  }
}
