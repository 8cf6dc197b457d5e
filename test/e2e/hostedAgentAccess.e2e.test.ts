/**
 * Who may steer a hosted session (issue #11), end to end with the real `claude` on the agent host: whoever
 * started it owns it; a teammate's thread reply is not relayed (they are told who can and how) until the owner
 * opens the thread to the channel with `/kap share <session> #channel`; a teammate's Allow on a permission
 * request is refused while the owner's runs the tool; Continue is the owner's (or whom they added).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostedAgentWorld, lastUserText } from '../support/hostedAgentHarness.js';
import type { HostedAgentWorld } from '../support/hostedAgentHarness.js';
import { lastToolResults, systemText } from '../support/scriptedMessagesApi.js';
import type { RecordedRequest, Reply } from '../support/scriptedMessagesApi.js';
import type { RecordedCall } from '../support/slackApiStandIn.js';

function script(req: RecordedRequest): Reply | undefined {
  if (req.kind !== 'main') return undefined;
  const results = lastToolResults(req);
  if (results.length > 0) return { text: `the tool ${results[0]!.is_error ? 'was refused' : 'ran'}` };
  const prompt = lastUserText(req.body);
  if (prompt.includes('write the notes')) {
    const cwd = /Primary working directory: (\S+)/.exec(systemText(req))?.[1] ?? '/nowhere';
    return { toolUses: [{ name: 'Write', input: { file_path: `${cwd}/NOTES.md`, content: '# notes\n' } }] };
  }
  return { text: `answer to: ${prompt}` };
}

describe('steering a hosted session needs its owner\'s consent', () => {
  let w: HostedAgentWorld;
  let thread: string;
  let sessionId: string;
  const inThread = (text: string) => (c: RecordedCall) => c.args.thread_ts === thread && JSON.stringify(c.args).includes(text);
  const ephemeralTo = async (user: string, after: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = w.slack.calls.slice(after).find((c) => c.method === 'chat.postEphemeral' && c.args.user === user);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ephemeral to ${user}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const asked = (text: string) => w.api.messageRequests('main').some((r) => lastUserText(r.body).includes(text));

  beforeAll(async () => {
    w = await startHostedAgentWorld(script, { KAP_AGENT_PERMISSION_TIMEOUT_S: '30' });
  });
  afterAll(() => w?.close());

  it('a teammate\'s reply is not relayed; they are told who can steer and how the owner opens it', { timeout: 60_000 }, async () => {
    await w.slash('host web main say hello');
    const root = await w.posted((c) => String(c.args.text).includes('started a hosted Claude Code session'));
    thread = String((root.response as { ts: string }).ts);
    await w.posted(inThread('answer to: say hello'));
    sessionId = String(w.api.messageRequests('main')[0]!.headers['x-claude-code-session-id']);
    await w.kap.summaryWhen(sessionId, (s) => s.hostedBy === 'U0DANA');

    const before = w.slack.calls.length;
    await w.reply(thread, 'jo wants this', 'U0JO');
    const told = await ephemeralTo('U0JO', before);
    expect(told.args).toMatchObject({ channel: 'C0TEAM', thread_ts: thread });
    expect(String(told.args.text)).toContain('Only <@U0DANA>');
    expect(String(told.args.text)).toContain(`/kap share ${sessionId} #channel`);
    // Nor may they pause it.
    await w.reply(thread, 'pause', 'U0JO');
    await new Promise((r) => setTimeout(r, 1000));
    expect(asked('jo wants this')).toBe(false);
    expect(w.slack.accepted('chat.postMessage').filter(inThread('Paused by'))).toEqual([]);
  });

  it('a teammate\'s Allow is refused; the owner\'s runs the tool', { timeout: 60_000 }, async () => {
    await w.reply(thread, 'please write the notes', 'U0DANA');
    const ask = await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args.blocks ?? '').includes('kap_permission_allow'));
    const requestId = (ask.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'kap_permission_allow').value as string;
    const where = { channel: 'C0TEAM', messageTs: String((ask.response as { ts: string }).ts), threadTs: thread };
    const before = w.slack.calls.length;
    await w.click('kap_permission_allow', requestId, 'U0JO', where);
    expect(String((await ephemeralTo('U0JO', before)).args.text)).toContain('Only <@U0DANA>');
    await new Promise((r) => setTimeout(r, 500));
    expect(w.slack.accepted('chat.postMessage').filter(inThread('Allowed by'))).toEqual([]);
    await w.click('kap_permission_allow', requestId, 'U0DANA', where);
    await w.posted(inThread('Allowed by <@U0DANA>'));
    await w.posted(inThread('the tool ran'));
  });

  it('once the owner opens the thread to the channel, the teammate\'s reply runs', { timeout: 60_000 }, async () => {
    expect(await (await w.slash(`share ${sessionId} <#C0TEAM|team>`, 'U0JO')).json()).toMatchObject({ text: expect.stringContaining('Only <@U0DANA>') });
    expect(await (await w.slash(`share ${sessionId} <#C0TEAM|team>`)).json()).toMatchObject({ text: expect.stringContaining('steer its hosted thread there') });
    await w.kap.summaryWhen(sessionId, (s) => s.sharedWith?.steerChannels.includes('C0TEAM') === true);
    await w.reply(thread, 'jo asks again', 'U0JO');
    const answer = await w.posted(inThread('answer to: jo asks again'));
    expect(JSON.stringify(answer.args.blocks)).toContain('<@U0JO> asked');
  });

  it('Continue is refused to someone the owner did not add', async () => {
    const laptop = '33333333-3333-4333-8333-333333333333';
    const item = { kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: laptop, transcript_path: '/t', cwd: '/w', hook_event_name: 'UserPromptSubmit', prompt: 'x' } };
    const r = await fetch(`${w.kap.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: laptop, context: { repo: 'acme/web', branch: 'main', gitUser: 'Dana Reyes <dana@acme.dev>' }, items: [item] }),
    });
    expect(r.status).toBe(200);
    await w.kap.settled([laptop]);
    const before = w.slack.calls.length;
    await w.click('kap_continue', laptop, 'U0SAM', { channel: 'C0OTHER', messageTs: '1763800000.000100' });
    const told = await ephemeralTo('U0SAM', before);
    expect(String(told.args.text)).toContain('Only <@U0DANA>');
    await new Promise((r) => setTimeout(r, 500));
    expect(w.slack.accepted('chat.postMessage').filter((c) => JSON.stringify(c.args).includes('moved this session to the agent host'))).toEqual([]);
  });
});
