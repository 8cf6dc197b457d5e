/**
 * Remote approvals end to end inside one test Kap with the Slack stand-in: `kap approve`'s client
 * (approvalHook.ts) posts a PermissionRequest payload to `POST /v1/approvals`; the request is asked in the
 * owner's DM (or the newest share's thread); signed Allow / Deny clicks go into the bot; only someone who may
 * steer decides; the hook prints Claude Code's decision output; `PermissionDecided` records who. Every other
 * outcome (no one to ask, timeout, Kap unreachable, a wrong token) prints nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, OWNER, SHARED_CHANNEL, STRANGER } from '../access/readRule.contract.js';
import { PERMISSION_DECIDED, SESSION_SHARED } from '../events/kapEventTypes.js';
import { APPROVAL_ALLOW_ACTION_ID, APPROVAL_DENY_ACTION_ID } from '../renderers/approvalBlocks.js';
import type { JsonObject } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postInteraction } from '../test/support/slackSigning.js';
import { approvalHookOutput } from './approvalHook.js';

const SECRET = 'kap-approvals-signing-secret-0123456789';
const TOKEN = 'xoxb-kap-approvals';

let slack: SlackStandIn;
let kap: KapUnderTest;
let click = 0;

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS });
  kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: 'https://kap.example.test' });
}, 60_000);
afterAll(async () => {
  await kap?.close();
  await slack?.close();
});

const payload = (sessionId: string, command = 'echo hi > /tmp/x') =>
  JSON.stringify({ session_id: sessionId, transcript_path: '/tmp/t.jsonl', cwd: '/home/dana/src/payments-api', hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command }, permission_mode: 'default' });

const ask = (sessionId: string, timeoutMs = 10_000, options: { url?: string; token?: string } = {}) =>
  approvalHookOutput(payload(sessionId), { url: options.url ?? kap.url, token: options.token ?? kap.token, timeoutMs });

/** The next accepted chat.postMessage after `before` calls (rejects after 10 s). */
async function nextPost(before: number, match: (c: RecordedCall) => boolean = () => true): Promise<RecordedCall> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const post = slack.calls.slice(before).find((c) => c.method === 'chat.postMessage' && c.response.ok === true && match(c));
    if (post) return post;
    if (Date.now() > deadline) throw new Error('no chat.postMessage');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const buttonValue = (post: RecordedCall, actionId: string): string => {
  const actions = (post.args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>).find((b) => b.type === 'actions');
  return actions!.elements!.find((e) => e.action_id === actionId)!.value!;
};

const press = (actionId: string, value: string, user: string, channel: string, threadTs?: string) =>
  postInteraction(
    `${kap.url}/slack/events`,
    {
      type: 'block_actions',
      trigger_id: `trig.approval.${++click}`,
      user: { id: user },
      team: { id: 'T0KAP' },
      channel: { id: channel },
      container: { type: 'message', channel_id: channel, message_ts: '1763000000.000001', ...(threadTs ? { thread_ts: threadTs } : {}) },
      actions: [{ type: 'button', action_id: actionId, value, action_ts: '1763000001.1' }],
    },
    { signingSecret: SECRET },
  );

const decisions = async (sessionId: string): Promise<JsonObject[]> => {
  const out: JsonObject[] = [];
  for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.type === PERMISSION_DECIDED) out.push(e.data);
  return out;
};

describe('remote approvals', () => {
  it('asks the owner in a DM; a stranger cannot answer; the owner’s Allow is the hook’s decision, recorded with who', async () => {
    const sessionId = await ownersSession(kap, []);
    const before = slack.calls.length;
    const output = ask(sessionId);
    const request = await nextPost(before, (c) => c.args.channel === OWNER);
    expect(JSON.stringify(request.args.blocks)).toContain('echo hi');
    const value = buttonValue(request, APPROVAL_ALLOW_ACTION_ID);

    const told = slack.accepted('chat.postEphemeral').length;
    expect((await press(APPROVAL_ALLOW_ACTION_ID, value, STRANGER, 'D0STRANGER')).status).toBe(200);
    const refusal = (await slack.waitFor('chat.postEphemeral', told + 1, 5_000)).at(-1)!;
    expect(refusal.args).toMatchObject({ user: STRANGER, text: expect.stringContaining(`Only <@${OWNER}>`) });
    expect(await decisions(sessionId)).toEqual([]);

    expect((await press(APPROVAL_ALLOW_ACTION_ID, value, OWNER, 'D0OWNER')).status).toBe(200);
    expect(JSON.parse(await output)).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
    expect(await decisions(sessionId)).toEqual([expect.objectContaining({ by: OWNER, behavior: 'allow', toolName: 'Bash', input: { command: 'echo hi > /tmp/x' } })]);
    const notice = await nextPost(before, (c) => String(c.args.text).startsWith('Allowed by'));
    expect(notice.args).toMatchObject({ channel: OWNER, thread_ts: request.response.ts, text: `Allowed by <@${OWNER}>: Bash.` });
  });

  it('asks in the thread of the newest share; someone it was shared with denies it', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'person', userId: FRIEND }]);
    await kap.store.append(sessionStream(sessionId), [{ id: randomUUID(), type: SESSION_SHARED, data: { channel: SHARED_CHANNEL, messageTs: '1763000100.000100', user: OWNER, at: new Date().toISOString() } }]);
    await kap.settled([sessionId]);
    const before = slack.calls.length;
    const output = ask(sessionId);
    const request = await nextPost(before, (c) => c.args.channel === SHARED_CHANNEL);
    expect(request.args.thread_ts).toBe('1763000100.000100');
    await press(APPROVAL_DENY_ACTION_ID, buttonValue(request, APPROVAL_DENY_ACTION_ID), FRIEND, SHARED_CHANNEL, '1763000100.000100');
    const decided = JSON.parse(await output) as { hookSpecificOutput: { decision: { behavior: string; message: string } } };
    expect(decided.hookSpecificOutput.decision.behavior).toBe('deny');
    expect(decided.hookSpecificOutput.decision.message).toContain(FRIEND);
    expect(await decisions(sessionId)).toEqual([expect.objectContaining({ by: FRIEND, behavior: 'deny' })]);
  });

  it('prints nothing when no one answers in time, and records the request with by null', async () => {
    const sessionId = await ownersSession(kap, []);
    expect(await ask(sessionId, 300)).toBe('');
    expect(await decisions(sessionId)).toEqual([expect.objectContaining({ by: null, behavior: null, toolName: 'Bash' })]);
  });

  it('says in Slack that the request is no longer asked when the hook goes away (answered in the terminal)', async () => {
    const sessionId = await ownersSession(kap, []);
    const before = slack.calls.length;
    const gone = new AbortController();
    const waiting = fetch(`${kap.url}/v1/approvals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hook: JSON.parse(payload(sessionId)), timeoutMs: 30_000 }),
      signal: gone.signal,
    }).catch(() => 'aborted');
    const request = await nextPost(before, (c) => c.args.channel === OWNER);
    gone.abort();
    expect(await waiting).toBe('aborted');
    const notice = await nextPost(before, (c) => String(c.args.text).startsWith('No longer asked here'));
    expect(notice.args).toMatchObject({ channel: OWNER, thread_ts: request.response.ts });
    expect(await decisions(sessionId)).toEqual([]);
  });

  it('prints nothing at once when there is no one to ask (no owner in Slack, never shared)', async () => {
    const sessionId = await ownersSession(kap, [], 'Someone Else <nobody@elsewhere.dev>');
    const before = slack.calls.length;
    const started = Date.now();
    expect(await ask(sessionId)).toBe('');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it('prints nothing at once when Kap is unreachable or refuses the token', async () => {
    const started = Date.now();
    expect(await ask('7e0d1c8e-5f7a-4f51-9d0a-3a6b8f1c2d4e', 60_000, { url: 'http://127.0.0.1:1' })).toBe('');
    expect(await ask('7e0d1c8e-5f7a-4f51-9d0a-3a6b8f1c2d4e', 60_000, { token: 'not-the-token' })).toBe('');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
