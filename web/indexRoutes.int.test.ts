/**
 * The index, team usage and the live status stream through the one read rule, over real HTTP against a
 * running Kap: with Slack (the stand-in of the rule's world) each person sees only the sessions the rule
 * lets them read — a private session of someone else never appears on the index, in usage or in the
 * stream — and without Slack only this machine reads the lists (403 from elsewhere).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, OWNER, STRANGER } from '../access/readRule.contract.js';
import { openWebSessions } from '../cli/startBotRole.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { postHook } from '../test/support/liveSession.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';

const TOKEN = 'xoxb-index-routes-test';
const CLIENT = { clientId: '5555.6666', clientSecret: 'index-routes-client-secret' };

/** Reads server-sent events from a fetch response until `stop` says so; resolves the events read. */
async function readEvents(response: Response, stop: (events: Array<{ event: string; data: any }>) => boolean): Promise<Array<{ event: string; data: any }>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ event: string; data: any }> = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        if (stop(events)) return events;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe('lists with Slack: the read rule decides what each person sees', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  let sessions: WebSessionStore;
  const cookies = new Map<string, string>();
  let privateSession: string;
  let openSession: string;

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS, oidc: CLIENT });
    kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 'index-routes-signing-secret-0123456789', SLACK_API_URL: slack.apiUrl, SLACK_CLIENT_ID: CLIENT.clientId, SLACK_CLIENT_SECRET: CLIENT.clientSecret });
    sessions = await openWebSessions(kap.config, () => new Date());
    for (const userId of [OWNER, FRIEND, STRANGER]) cookies.set(userId, `kap_session=${await sessions.create({ userId, teamId: 'T0KAP', name: null }, 3_600_000)}`);
    privateSession = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
    openSession = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }]);
  }, 60_000);
  afterAll(async () => {
    await sessions?.close();
    await kap?.close();
    await slack?.close();
  });

  const get = (path: string, userId?: string) => fetch(`${kap.url}${path}`, { headers: userId ? { cookie: cookies.get(userId)! } : {}, redirect: 'manual' });

  it('the index lists the owner\'s private session for the owner and never for a stranger', async () => {
    const owner = await (await get('/', OWNER)).text();
    expect(owner).toContain(`data-session-id="${privateSession}"`);
    expect(owner).toContain(`data-session-id="${openSession}"`);
    const response = await get('/', STRANGER);
    expect(response.status).toBe(200);
    const stranger = await response.text();
    expect(stranger).toContain(`data-session-id="${openSession}"`);
    expect(stranger).not.toContain(privateSession);
    // Filtering to the owner's sessions does not bring it back.
    const filtered = await (await get('/?group=none&status=idle&person=UOWNER0001', STRANGER)).text();
    expect(filtered).not.toContain(privateSession);
  });

  it('usage counts only what the reader may read', async () => {
    const range = '/usage?from=2026-11-19&to=2026-11-21';
    const owner = await (await get(range, OWNER)).text();
    const stranger = await (await get(range, STRANGER)).text();
    const sessionsFigure = (html: string) => /<span class="muted">Sessions<\/span><strong>(\d+)<\/strong>/.exec(html)?.[1];
    expect(sessionsFigure(owner)).toBe('2');
    expect(sessionsFigure(stranger)).toBe('1');
    expect(stranger).toContain('<svg');
  });

  it('a signed-out browser is sent to sign in and back to the list it asked for', async () => {
    const response = await get('/usage?period=month');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/auth/slack/login?next=${encodeURIComponent('/usage?period=month')}`);
    const stream = await get('/events/sessions');
    expect(stream.status).toBe(403);
  });

  it('the live stream tells a stranger about the open session and nothing about the private one', async () => {
    const response = await get('/events/sessions', STRANGER);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('content-encoding')).toBeNull();
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const read = readEvents(response, (events) => {
      if (events.length === 1 && events[0]!.event === 'ready') ready();
      return events.some((e) => e.event === 'session' && e.data.sessionId === openSession);
    });
    await isReady;
    // The private session changes first: had it been sent, it would arrive before the open one's.
    await postHook(kap, privateSession, new Date(), { hook_event_name: 'UserPromptSubmit', prompt: 'secret work' });
    await postHook(kap, openSession, new Date(), { hook_event_name: 'UserPromptSubmit', prompt: 'open work' });
    const events = await read;
    expect(JSON.stringify(events)).not.toContain(privateSession);
    expect(events.at(-1)!.data).toMatchObject({ sessionId: openSession, status: 'running', statusText: 'running' });
  });

  it('the owner\'s stream does carry the private session', async () => {
    const response = await get('/events/sessions', OWNER);
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const read = readEvents(response, (events) => {
      if (events.length === 1) ready();
      return events.some((e) => e.event === 'session' && e.data.sessionId === privateSession);
    });
    await isReady;
    await postHook(kap, privateSession, new Date(), { hook_event_name: 'Stop' });
    expect((await read).at(-1)!.data).toMatchObject({ sessionId: privateSession, status: 'idle' });
  });
});

describe('lists without Slack', () => {
  let kap: KapUnderTest;
  let sessionId: string;

  beforeAll(async () => {
    kap = await startKapForTest();
    sessionId = randomUUID();
    await postHook(kap, sessionId, new Date(), { hook_event_name: 'UserPromptSubmit', prompt: 'fix the <script>alert(1)</script> rounding' });
  }, 60_000);
  afterAll(async () => {
    await kap?.close();
  });

  it('open from this machine, with every string escaped', async () => {
    const response = await fetch(`${kap.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain(`href="/s/${sessionId}"`);
    expect(html).toContain('fix the &lt;script&gt;alert(1)&lt;/script&gt; rounding');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<script type="module" src="/assets/index.js"></script>');
  });

  it('answer 403 with a message to a request relayed from elsewhere', async () => {
    for (const path of ['/', '/usage', '/events/sessions']) {
      const response = await fetch(`${kap.url}${path}`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(response.status).toBe(403);
      const html = await response.text();
      expect(html).toContain('opens only on the machine Kap runs on');
      expect(html).not.toContain(sessionId);
    }
  });

  it('say what is wrong with a bad filter, as a page', async () => {
    const response = await fetch(`${kap.url}/?status=sleeping&from=2026-02-30`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('“status” must be one of running, waiting, idle, ended');
    expect(html).toContain('“from” must be a date like 2026-12-01 (it was “2026-02-30”)');
    const usage = await fetch(`${kap.url}/usage?period=year`);
    expect(usage.status).toBe(400);
    expect(await usage.text()).toContain('“period” must be one of week, month, 90d');
  });

  it('filter by repository and status through the URL', async () => {
    const other = randomUUID();
    const body = { sessionId: other, context: { repo: 'acme/other', branch: 'main', gitUser: 'Lee <lee@acme.dev>', host: 'h' }, items: [{ kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: other, transcript_path: '/tmp/t.jsonl', cwd: '/tmp', hook_event_name: 'SessionEnd', reason: 'exit' } }] };
    const posted = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(posted.status).toBe(200);
    await kap.settled([other]);
    const byRepo = await (await fetch(`${kap.url}/?repo=ACME/OTHER`)).text();
    expect(byRepo).toContain(other);
    expect(byRepo).not.toContain(sessionId);
    const running = await (await fetch(`${kap.url}/?status=running`)).text();
    expect(running).toContain(sessionId);
    expect(running).not.toContain(`data-session-id="${other}"`);
    const byPerson = await (await fetch(`${kap.url}/?person=lee%40acme.dev&group=person`)).text();
    expect(byPerson).toContain(other);
    expect(byPerson).not.toContain(`data-session-id="${sessionId}"`);
  });
});
