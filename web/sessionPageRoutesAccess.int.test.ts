/**
 * The session page's sub-routes with Slack (the read rule's world: CONTRACT_USERS, CONTRACT_MEMBERS) and
 * Sign in with Slack configured: turn fragments, live events, the files and tool-output pages answer as
 * the page does. A reader the rule allows gets them; a refused person 403; nobody signed in: the pages send
 * the browser to sign in (back to the same page), fragments and events answer 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, OWNER, STRANGER } from '../access/readRule.contract.js';
import { openWebSessions } from '../cli/startBotRole.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';

const TOKEN = 'xoxb-web-subroutes-test';
const CLIENT = { clientId: '1111.3333', clientSecret: 'web-subroutes-client-secret' };
const SUB_ROUTES = ['/turns?from=0', '/live', '/files', '/tools/toolu_test'];

let slack: SlackStandIn;
let kap: KapUnderTest;
let sessions: WebSessionStore;
let privateSession: string;
const cookies = new Map<string, string>();

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS, oidc: CLIENT });
  kap = await startKapForTest(undefined, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'web-subroutes-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
  });
  sessions = await openWebSessions(kap.config, () => new Date());
  for (const userId of [OWNER, FRIEND, STRANGER]) cookies.set(userId, `kap_session=${await sessions.create({ userId, teamId: 'T0KAP', name: null }, 3_600_000)}`);
  // Private, shared with FRIEND only.
  privateSession = await ownersSession(kap, [{ kind: 'person', userId: FRIEND }, { kind: 'set', visibility: 'private' }]);
}, 60_000);
afterAll(async () => {
  await sessions?.close();
  await kap?.close();
  await slack?.close();
});

async function get(path: string, userId?: string): Promise<{ status: number; location: string | null; body: string }> {
  const abort = new AbortController();
  const response = await fetch(`${kap.url}${path}`, { headers: userId ? { cookie: cookies.get(userId)! } : {}, redirect: 'manual', signal: abort.signal });
  // An event stream never ends: its first event is enough.
  const body = response.headers.get('content-type')?.startsWith('text/event-stream') ? await readFirst(response) : await response.text();
  abort.abort();
  return { status: response.status, location: response.headers.get('location'), body };
}

async function readFirst(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('event: ')) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  return text;
}

describe('session page sub-routes with Slack', () => {
  it('gives the owner and a person it is shared with every sub-route', async () => {
    for (const userId of [OWNER, FRIEND]) {
      for (const sub of SUB_ROUTES) expect({ userId, sub, status: (await get(`/s/${privateSession}${sub}`, userId)).status }).toEqual({ userId, sub, status: 200 });
    }
    expect((await get(`/s/${privateSession}/turns?from=0`, FRIEND)).body).toContain(FIRST_PROMPT);
    expect((await get(`/s/${privateSession}/live`, FRIEND)).body).toContain('event: hello');
  });

  it('refuses a person the rule does not let read it, with nothing of the session', async () => {
    for (const sub of SUB_ROUTES) {
      const answer = await get(`/s/${privateSession}${sub}`, STRANGER);
      expect({ sub, status: answer.status }).toEqual({ sub, status: 403 });
      expect(answer.body).not.toContain(FIRST_PROMPT);
      expect(answer.body).not.toContain('npx vitest');
    }
  });

  it('sends a browser with no web session to sign in from a page, and answers 401 to fragments and events', async () => {
    for (const sub of ['/files', '/tools/toolu_test']) {
      const answer = await get(`/s/${privateSession}${sub}`);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(`/auth/slack/login?next=${encodeURIComponent(`/s/${privateSession}${sub.split('?')[0]}`)}`);
    }
    for (const sub of ['/turns?from=0', '/live']) {
      const answer = await get(`/s/${privateSession}${sub}`);
      expect({ sub, status: answer.status }).toEqual({ sub, status: 401 });
      expect(answer.body).not.toContain(FIRST_PROMPT);
    }
  });
});
