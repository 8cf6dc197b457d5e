/**
 * Sign in with Slack in a real browser (Chromium, playwright-core, issue #11): Kap with Slack pointed at the
 * stand-in (which serves the authorize page and signs in whom the test names) and the embedded default
 * stores. A signed-out visit to `/s/<id>` goes through Slack's authorize page and back to the page with the
 * `kap_session` cookie; a person the rule allows sees the session; a person it refuses sees the lock page
 * (no prompt); a private session shows a non-owner the lock page; logout then a visit signs in again.
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, MEMBER, OWNER, SHARED_CHANNEL, STRANGER } from '../access/readRule.contract.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { ownersSession } from '../test/support/ownedSession.js';

const TOKEN = 'xoxb-sign-in-e2e';
const CLIENT = { clientId: '3333.4444', clientSecret: 'sign-in-e2e-client-secret' };

let slack: SlackStandIn;
let kap: KapUnderTest;
let browser: Browser;
/** A `channel` session shared in SHARED_CHANNEL (OWNER and MEMBER are in it) and with FRIEND. */
let channelSession: string;
/** A `private` session shared with FRIEND only. */
let privateSession: string;

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS, oidc: CLIENT });
  kap = await startKapForTest(undefined, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'sign-in-e2e-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    SLACK_CLIENT_ID: CLIENT.clientId,
    SLACK_CLIENT_SECRET: CLIENT.clientSecret,
  });
  channelSession = await ownersSession(kap, [{ kind: 'channel', channel: SHARED_CHANNEL, steer: false }, { kind: 'person', userId: FRIEND }, { kind: 'set', visibility: 'channel' }]);
  privateSession = await ownersSession(kap, [{ kind: 'person', userId: FRIEND }, { kind: 'set', visibility: 'private' }]);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kap?.close();
  await slack?.close();
});

/** A fresh browser (no cookies) that the stand-in will sign in as `userId`, and a visit to `/s/<id>`. */
async function visitAs(userId: string | undefined, sessionId: string): Promise<{ context: BrowserContext; status: number | undefined; text: string; url: string }> {
  slack.signInAs(userId);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(`${kap.url}/s/${sessionId}`);
  return { context, status: response?.status(), text: await page.locator('body').innerText(), url: page.url() };
}

describe('Sign in with Slack in Chromium', () => {
  it('a signed-out visit goes through Slack\'s authorize page and lands on the session with the cookie set', async () => {
    const before = slack.calls.filter((c) => c.method === 'openid.connect.authorize').length;
    const { context, status, text, url } = await visitAs(MEMBER, channelSession);
    try {
      expect(slack.calls.filter((c) => c.method === 'openid.connect.authorize').length).toBe(before + 1);
      const authorize = slack.calls.filter((c) => c.method === 'openid.connect.authorize').at(-1)!;
      expect(authorize.args).toMatchObject({ response_type: 'code', scope: 'openid profile email', client_id: CLIENT.clientId, redirect_uri: `${kap.url}/auth/slack/callback`, team: 'T0KAP' });
      expect(url).toBe(`${kap.url}/s/${channelSession}`);
      expect(status).toBe(200);
      expect(text).toContain(FIRST_PROMPT);
      expect(text).toContain(`Signed in as User ${MEMBER}`);
      const [cookie] = (await context.cookies()).filter((c) => c.name === 'kap_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
      expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
      expect((await context.cookies()).some((c) => c.name === 'kap_signin')).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('an allowed person sees a private session shared with them', async () => {
    const { context, status, text } = await visitAs(FRIEND, privateSession);
    await context.close();
    expect(status).toBe(200);
    expect(text).toContain(FIRST_PROMPT);
  });

  it('a refused person sees the lock page: whose session, not the prompt', async () => {
    const { context, status, text } = await visitAs(STRANGER, channelSession);
    await context.close();
    expect(status).toBe(403);
    expect(text).toContain('Dana Reyes’s session');
    expect(text).not.toContain(FIRST_PROMPT);
    expect(text).not.toContain('payments-api');
    expect(text).toContain(`Signed in as User ${STRANGER}`);
  });

  it('a private session shows a non-owner in its channel the lock page', async () => {
    const { context, status, text } = await visitAs(MEMBER, privateSession);
    await context.close();
    expect(status).toBe(403);
    expect(text).toContain('Dana Reyes’s session');
    expect(text).not.toContain(FIRST_PROMPT);
  });

  it('logout ends the web session: the next visit is sent to sign in again', async () => {
    const { context } = await visitAs(OWNER, privateSession);
    try {
      const page = context.pages()[0]!;
      expect(await page.locator('body').innerText()).toContain(FIRST_PROMPT);
      await page.getByRole('link', { name: 'Log out' }).click();
      await page.getByRole('button', { name: 'Log out' }).click();
      expect(await page.locator('body').innerText()).toContain('signed out');
      expect((await context.cookies()).some((c) => c.name === 'kap_session')).toBe(false);
      // Slack now refuses (the person declines): the visit goes to Slack again and comes back to a page, not the session.
      slack.signInAs(undefined);
      const before = slack.calls.filter((c) => c.method === 'openid.connect.authorize').length;
      const response = await page.goto(`${kap.url}/s/${privateSession}`);
      expect(slack.calls.filter((c) => c.method === 'openid.connect.authorize').length).toBe(before + 1);
      expect(response?.status()).toBe(403);
      const text = await page.locator('body').innerText();
      expect(text).toContain('You did not sign in with Slack');
      expect(text).not.toContain(FIRST_PROMPT);
    } finally {
      await context.close();
    }
  });
});
