/**
 * The read rule on the web (issue #11): a running Kap with Slack (the stand-in of the rule's world:
 * CONTRACT_USERS, CONTRACT_MEMBERS) and Sign in with Slack configured, sessions recorded through the ingest
 * and shared by their owner, and each person's browser holding a web session created in Kap's own store.
 * Over real HTTP, `/s/<id>` gives the page to whom the rule allows and the lock page to everyone else, and a
 * signed page link or a request from this machine is no pass.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, MEMBER, OWNER, readRuleContract, SHARED_CHANNEL, STRANGER } from '../access/readRule.contract.js';
import type { ContractReader } from '../access/readRule.contract.js';
import type { Visibility } from '../access/visibility.js';
import { openWebSessions } from '../cli/startBotRole.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { createLinkSigner } from './linkSigner.js';

const TOKEN = 'xoxb-web-access-test';
const CLIENT = { clientId: '1111.2222', clientSecret: 'web-access-client-secret' };

let slack: SlackStandIn;
let kap: KapUnderTest;
let sessions: WebSessionStore;
/** Slack user id → the `kap_session` cookie of that person's browser. */
const cookies = new Map<string, string>();

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS, oidc: CLIENT });
  kap = await startKapForTest(undefined, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'web-access-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
  });
  // A second connection to the store Kap opened (embedded default: `<dataDir>/websessions.db`).
  sessions = await openWebSessions(kap.config, () => new Date());
  for (const userId of [OWNER, FRIEND, MEMBER, STRANGER]) cookies.set(userId, `kap_session=${await sessions.create({ userId, teamId: 'T0KAP', name: null }, 3_600_000)}`);
}, 60_000);
afterAll(async () => {
  await sessions?.close();
  await kap?.close();
  await slack?.close();
});

/** GET /s/<id> as `userId`'s browser; `true` for the page, `false` for the lock page, anything else throws. */
async function reads(sessionId: string, userId: string): Promise<boolean> {
  const response = await fetch(`${kap.url}/s/${sessionId}`, { headers: { cookie: cookies.get(userId)! }, redirect: 'manual' });
  const html = await response.text();
  if (response.status === 200 && html.includes(FIRST_PROMPT)) return true;
  if (response.status === 403 && html.includes('Dana Reyes’s session') && !html.includes(FIRST_PROMPT)) return false;
  throw new Error(`/s/${sessionId} as ${userId}: ${response.status} ${html.slice(0, 200)}`);
}

describe('session pages with Slack', () => {
  readRuleContract('web page', () => ({
    readers: ['person'],
    setUp: (visibility: Visibility) => ownersSession(kap, [{ kind: 'channel', channel: SHARED_CHANNEL, steer: false }, { kind: 'person', userId: FRIEND }, { kind: 'set', visibility }]),
    reads: (sessionId: string, reader: ContractReader) => (reader.kind === 'person' ? reads(sessionId, reader.userId) : Promise.reject(new Error('no channel reader on the web'))),
  }));

  it('gives plain page links, and a signed link or this machine opens nothing without a web session', async () => {
    const id = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }]);
    expect(kap.signer.sessionPageUrl(id)).toBe(`${kap.url}/s/${id}`);
    // A link signed with Kap's key the way links are signed without Slack.
    const key = readFileSync(join(kap.config.dataDir, 'link-secret'), 'utf8').trim();
    const signed = createLinkSigner({ secret: key, baseUrl: () => kap.url, ttlMs: 3_600_000, now: () => new Date() }).sessionPageUrl(id);
    expect(signed).toContain('sig=');
    for (const url of [signed, `${kap.url}/s/${id}`]) {
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`/auth/slack/login?next=${encodeURIComponent(`/s/${id}`)}`);
      expect(await response.text()).not.toContain(FIRST_PROMPT);
    }
  });

  it('refuses a web session that is not in the store (a forged or logged-out cookie)', async () => {
    const id = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }]);
    const response = await fetch(`${kap.url}/s/${id}`, { headers: { cookie: `kap_session=${randomUUID()}` }, redirect: 'manual' });
    expect(response.status).toBe(302);
  });

  it('answers 404 to a session Kap does not have, once signed in', async () => {
    const response = await fetch(`${kap.url}/s/${randomUUID()}`, { headers: { cookie: cookies.get(OWNER)! }, redirect: 'manual' });
    expect(response.status).toBe(404);
  });
});
