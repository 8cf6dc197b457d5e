/**
 * Hosted agents end to end: the real `claude` CLI on the agent host (scripted Messages API), signed Slack
 * requests into the bot, the Slack Web API stand-in. `/kap host` starts a session whose thread steers it;
 * replies run as the next turns of the same session id, answered in the thread naming who asked; replies
 * sent together run in order; stop interrupts a long turn; pause holds the queue until resume; a tool outside
 * the allowed set asks in the thread (Allow runs it, no answer denies it); Continue takes over a session that
 * was not started on the host, with its earlier conversation.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT_RELAYED, PERMISSION_DECIDED, HOSTED_SESSION_STARTED } from '../../events/kapEventTypes.js';
import { sessionStream } from '../../stores/eventStore.js';
import { startHostedAgentWorld, lastUserText } from '../support/hostedAgentHarness.js';
import type { HostedAgentWorld } from '../support/hostedAgentHarness.js';
import { runClaude, transcriptPath } from '../support/claudeCli.js';
import { lastToolResults, systemText } from '../support/scriptedMessagesApi.js';
import type { RecordedRequest, Reply } from '../support/scriptedMessagesApi.js';

/** The files the scripted model asked to write, in order. */
const writes: string[] = [];

function script(req: RecordedRequest): Reply | undefined {
  if (req.kind !== 'main') return undefined;
  const results = lastToolResults(req);
  if (results.length > 0) return { text: `the tool ${results[0]!.is_error ? 'was refused' : 'ran'}` };
  const prompt = lastUserText(req.body);
  if (prompt.includes('slowly')) return { text: 'a slow answer', delayMs: 20_000 };
  if (prompt.includes('write the notes')) {
    const cwd = /Primary working directory: (\S+)/.exec(systemText(req))?.[1] ?? '/nowhere';
    const path = join(cwd, prompt.includes('again') ? 'AGAIN.md' : 'NOTES.md');
    writes.push(path);
    return { toolUses: [{ name: 'Write', input: { file_path: path, content: '# notes\n' } }] };
  }
  return { text: `answer to: ${prompt}` };
}

describe('hosted agents, steered from a Slack thread', () => {
  let w: HostedAgentWorld;
  let thread: string;
  let sessionId: string;
  const inThread = (text: string) => (c: { args: Record<string, unknown> }) => c.args.thread_ts === thread && JSON.stringify(c.args).includes(text);
  const typesOf = async (id: string) => {
    const out: string[] = [];
    for await (const e of w.kap.store.readStream(sessionStream(id))) out.push(e.type);
    return out;
  };

  beforeAll(async () => {
    w = await startHostedAgentWorld(script, { KAP_AGENT_PERMISSION_TIMEOUT_S: '1.5' });
  });
  afterAll(() => w?.close());

  it('/kap host starts a session; its answer comes back in the thread naming who asked', { timeout: 60_000 }, async () => {
    const response = await w.slash('host web main say hello');
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Starting a hosted session') });
    const root = await w.posted((c) => String(c.args.text).includes('started a hosted Claude Code session'));
    thread = String((root.response as { ts: string }).ts);
    // The root names the repository; the branch and the prompt are told apart in the thread, not run together.
    expect(String(root.args.text)).toContain('on `web`');
    expect(String(root.args.text)).not.toContain('main say hello');
    const started = await w.posted(inThread('at branch `main`'));
    expect(String(started.args.text)).toContain('<@U0DANA> asked: say hello');
    const answer = await w.posted(inThread('answer to: say hello'));
    expect(JSON.stringify(answer.args.blocks)).toContain('<@U0DANA> asked: say hello');
    // Then the session's card, in the thread, once the turn is folded: its prompt and cost, not "0 prompts · $0.00".
    const card = await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args.blocks ?? '').includes('kap_recap'));
    expect(String(card.args.text)).toContain('· 1 prompts ·');
    const firstMain = w.api.messageRequests('main')[0]!;
    sessionId = String(firstMain.headers['x-claude-code-session-id']);
    // Captured like any other session: its own hooks reached Kap, and Kap's events carry who asked.
    const deadline = Date.now() + 15_000;
    while (!(await typesOf(sessionId)).includes('SessionEnd') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const types = await typesOf(sessionId);
    expect(types, types.join(' ')).toEqual(expect.arrayContaining([HOSTED_SESSION_STARTED, PROMPT_RELAYED, 'UserPromptSubmit', 'Stop', 'SessionEnd']));
    // Between turns the session is idle (each turn's `claude -p` ends with SessionEnd), and names its repository.
    const between = await w.kap.summaryWhen(sessionId, (s) => s.status === 'idle' && s.repo !== null);
    expect(between?.status).toBe('idle');
    expect(between?.repo).toMatch(/(^|\/)web$/);
  });

  it('runs a reply as the next turn of the same session, with the earlier conversation', async () => {
    // Dana started it, so Dana owns it; she opens its thread to the channel, so teammates may steer it.
    await w.kap.summaryWhen(sessionId, (s) => s.hostedBy === 'U0DANA');
    expect(await (await w.slash(`share ${sessionId} <#C0TEAM|team>`)).json()).toMatchObject({ text: expect.stringContaining('steer its hosted thread there') });
    await w.kap.summaryWhen(sessionId, (s) => s.sharedWith?.steerChannels.includes('C0TEAM') === true);
    await w.reply(thread, 'and now the second question', 'U0JO');
    const answer = await w.posted(inThread('answer to: and now the second question'));
    expect(JSON.stringify(answer.args.blocks)).toContain('<@U0JO> asked');
    const req = w.api.messageRequests('main').find((r) => lastUserText(r.body).includes('second question'))!;
    expect(String(req.headers['x-claude-code-session-id'])).toBe(sessionId);
    expect(JSON.stringify(req.body?.messages)).toContain('say hello');
  });

  it('leaves alone replies in threads that are not hosted sessions, and bot messages', async () => {
    const before = w.slack.calls.length;
    const requests = w.api.messageRequests('main').length;
    await w.reply('1763999999.000100', 'not a hosted thread', 'U0DANA');
    await w.reply(thread, 'stop', 'U0DANA', 'C0ELSEWHERE');
    await new Promise((r) => setTimeout(r, 1000));
    expect(w.slack.calls.slice(before)).toEqual([]);
    expect(w.api.messageRequests('main')).toHaveLength(requests);
  });

  it('runs two replies sent together in order, and answers both', async () => {
    await Promise.all([w.reply(thread, 'first of two', 'U0DANA'), w.reply(thread, 'second of two', 'U0JO')]);
    await w.posted(inThread('answer to: second of two'));
    const answers = w.slack.accepted('chat.postMessage').filter((c) => c.args.thread_ts === thread && /answer to: (first|second) of two/.test(JSON.stringify(c.args)));
    expect(answers.map((c) => /answer to: (first|second) of two/.exec(JSON.stringify(c.args))![1])).toEqual(['first', 'second']);
    const asked = w.api.messageRequests('main').map((r) => lastUserText(r.body)).filter((t) => t.endsWith('of two'));
    expect(asked).toEqual(['first of two', 'second of two']);
  });

  it('stop interrupts a long turn', async () => {
    const before = w.api.messageRequests('main').length;
    await w.reply(thread, 'answer slowly please', 'U0DANA');
    const deadline = Date.now() + 15_000;
    while (!w.api.messageRequests('main').slice(before).some((r) => lastUserText(r.body).includes('slowly')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await w.reply(thread, 'stop', 'U0JO');
    const stopped = await w.posted((c) => c.args.thread_ts === thread && /Stopped by <@U0JO>|did not finish/.test(JSON.stringify(c.args)), 15_000);
    expect(JSON.stringify(stopped.args)).not.toContain('a slow answer');
  });

  it('Send now on a queued prompt stops the running turn and runs that prompt next (who may press it: bot/sendNow.unit.test.ts)', { timeout: 90_000 }, async () => {
    const from = w.slack.calls.length;
    const since = (text: string) => (c: { args: Record<string, unknown> }) => w.slack.calls.indexOf(c as never) >= from && inThread(text)(c);
    const before = w.api.messageRequests('main').length;
    await w.reply(thread, 'answer slowly please, once more', 'U0DANA');
    const deadline = Date.now() + 15_000;
    while (!w.api.messageRequests('main').slice(before).some((r) => lastUserText(r.body).includes('once more')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await w.reply(thread, 'the queued one', 'U0JO');
    await w.posted(since('Queued, #1'));
    await w.reply(thread, 'the urgent one', 'U0SAM');
    const queued = await w.posted(since('Queued, #2'));
    const button = (queued.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'kap_send_now');
    expect(button).toMatchObject({ text: { text: 'Send now' } });
    const where = { channel: 'C0TEAM', messageTs: String((queued.response as { ts: string }).ts), threadTs: thread };

    await w.click('kap_send_now', button.value, 'U0JO', where);
    await w.posted(since("<@U0JO> sent <@U0SAM>'s prompt now"));
    await w.posted((c) => w.slack.calls.indexOf(c) >= from && c.args.thread_ts === thread && /Stopped by <@U0JO>|did not finish/.test(JSON.stringify(c.args)), 15_000);
    await w.posted(since('answer to: the queued one'), 30_000);
    const answers = w.slack.accepted('chat.postMessage').filter((c) => w.slack.calls.indexOf(c) >= from && /answer to: the (queued|urgent) one/.test(JSON.stringify(c.args)));
    expect(answers.map((c) => /answer to: the (queued|urgent) one/.exec(JSON.stringify(c.args))![1])).toEqual(['urgent', 'queued']);
    expect(JSON.stringify(w.slack.accepted('chat.postMessage').slice(-10))).not.toContain('a slow answer');
  });

  it('pause holds a queued prompt until resume', async () => {
    await w.reply(thread, 'pause', 'U0DANA');
    await w.posted(inThread('Paused by <@U0DANA>'));
    await w.reply(thread, 'a question while paused', 'U0JO');
    await w.posted(inThread('Queued, #1'));
    await w.reply(thread, 'status', 'U0DANA');
    const status = await w.posted(inThread('Queued (1)'));
    expect(JSON.stringify(status.args)).toContain('<@U0JO>: a question while paused');
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.api.messageRequests('main').some((r) => lastUserText(r.body).includes('while paused'))).toBe(false);
    await w.reply(thread, 'resume', 'U0DANA');
    await w.posted(inThread('answer to: a question while paused'));
  });

  it('asks in the thread for a tool outside the allowed set: Allow runs it, no answer denies it', { timeout: 90_000 }, async () => {
    await w.reply(thread, 'please write the notes', 'U0DANA');
    const ask = await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args.blocks ?? '').includes('kap_permission_allow') && JSON.stringify(c.args).includes('NOTES.md'));
    const requestId = (ask.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === 'kap_permission_allow').value as string;
    await w.click('kap_permission_allow', requestId, 'U0JO', { channel: 'C0TEAM', messageTs: String((ask.response as { ts: string }).ts), threadTs: thread });
    await w.posted(inThread('the tool ran'));
    // The tool really ran, in the session's worktree.
    const notes = writes.find((p) => p.endsWith('/NOTES.md'))!;
    expect(notes).toContain('/worktrees/web/');
    expect(readFileSync(notes, 'utf8')).toBe('# notes\n');

    await w.reply(thread, 'write the notes again', 'U0DANA');
    await w.posted(inThread('No one answered in time'));
    await w.posted(inThread('the tool was refused'));
    await w.reply(thread, 'files', 'U0JO');
    await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args).includes('Files changed (') && JSON.stringify(c.args).includes('NOTES.md'));
    const again = writes.find((p) => p.endsWith('/AGAIN.md'))!;
    expect(existsSync(again)).toBe(false);
    const types = await typesOf(sessionId);
    expect(types.filter((t) => t === PERMISSION_DECIDED)).toHaveLength(2);
  });
});

describe('Continue: the host takes over a session started elsewhere', () => {
  it('rebuilds the transcript from the stream and the next reply carries the earlier conversation', { timeout: 90_000 }, async () => {
    const w = await startHostedAgentWorld(script);
    try {
      // A session that ran on someone's laptop (its own HOME and checkout), recorded by Kap from its transcript.
      const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-laptop-home-')));
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-laptop-web-')));
      const run = await runClaude({ cwd, home, prompt: 'remember the word pineapple', apiUrl: w.api.url, allowedTools: ['Read'] });
      expect(run.exitCode).toBe(0);
      const sessionId = run.sessionId!;
      const text = readFileSync(transcriptPath(home, cwd, sessionId), 'utf8');
      let offset = 0;
      const items = text.split('\n').filter(Boolean).map((line) => {
        const item = { kind: 'line', file: 'main', offset, text: line };
        offset += Buffer.byteLength(line) + 1;
        return item;
      });
      const posted = await fetch(`${w.kap.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.kap.token}`, 'content-type': 'application/json' },
        // Jo ran it on their laptop (git email jo@acme.dev): Jo owns it, so Jo may hand it to the host.
        body: JSON.stringify({ sessionId, context: { repo: 'acme/web', branch: 'main', gitUser: 'Jo Park <jo@acme.dev>' }, items }),
      });
      expect(posted.status).toBe(200);
      await w.kap.settled([sessionId]);

      const cardTs = '1763600000.000100';
      await w.click('kap_continue', sessionId, 'U0JO', { channel: 'C0OTHER', messageTs: cardTs });
      await w.posted((c) => c.args.thread_ts === cardTs && JSON.stringify(c.args).includes('moved this session to the agent host'));
      await w.reply(cardTs, 'what was the word?', 'U0JO', 'C0OTHER');
      await w.posted((c) => c.args.thread_ts === cardTs && JSON.stringify(c.args).includes('answer to: what was the word?'));
      const req = w.api.messageRequests('main').find((r) => lastUserText(r.body).includes('what was the word'))!;
      expect(JSON.stringify(req.body?.messages)).toContain('remember the word pineapple');
      expect(String(req.headers['x-claude-code-session-id'])).toBe(sessionId);
    } finally {
      await w.close();
    }
  });

  it('says clearly when the session\'s repository is not configured or its branch is not pushed', async () => {
    const w = await startHostedAgentWorld(script);
    try {
      const post = async (sessionId: string, repo: string, branch: string) => {
        const item = { kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: sessionId, transcript_path: '/t', cwd: '/w', hook_event_name: 'UserPromptSubmit', prompt: 'x' } };
        await fetch(`${w.kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${w.kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, context: { repo, branch, gitUser: 'Jo Park <jo@acme.dev>' }, items: [item] }) });
        await w.kap.settled([sessionId]);
      };
      await post('11111111-1111-4111-8111-111111111111', 'acme/billing', 'main');
      await w.click('kap_continue', '11111111-1111-4111-8111-111111111111', 'U0JO', { channel: 'C0OTHER', messageTs: '1763700000.000100' });
      await w.posted((c) => c.args.thread_ts === '1763700000.000100' && JSON.stringify(c.args).includes('no repository'));
      // An imported session whose repository Kap never learnt: said plainly, not "no repository `its repository (unknown)`".
      const unknown = '33333333-3333-4333-8333-333333333333';
      const item = { kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: unknown, transcript_path: '/t', cwd: '/w', hook_event_name: 'UserPromptSubmit', prompt: 'x' } };
      await fetch(`${w.kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${w.kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: unknown, context: { gitUser: 'Jo Park <jo@acme.dev>' }, items: [item] }) });
      await w.kap.settled([unknown]);
      await w.click('kap_continue', unknown, 'U0JO', { channel: 'C0OTHER', messageTs: '1763700002.000100' });
      const plain = await w.posted((c) => c.args.thread_ts === '1763700002.000100' && JSON.stringify(c.args).includes('Kap knows no repository for this session'));
      expect(JSON.stringify(plain.args)).not.toContain('(unknown)');
      await post('22222222-2222-4222-8222-222222222222', 'acme/web', 'feature/never-pushed');
      await w.click('kap_continue', '22222222-2222-4222-8222-222222222222', 'U0JO', { channel: 'C0OTHER', messageTs: '1763700001.000100' });
      const said = await w.posted((c) => c.args.thread_ts === '1763700001.000100' && JSON.stringify(c.args).includes('cannot check out'));
      expect(JSON.stringify(said.args)).toContain('feature/never-pushed');
    } finally {
      await w.close();
    }
  });
});
