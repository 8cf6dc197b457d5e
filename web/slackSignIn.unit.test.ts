/**
 * The Sign in with Slack flow against a fake Slack (the port web/slackOpenId.ts): the authorize URL it
 * builds, and every check between Slack's redirect and a web session — state, nonce, audience, the person's
 * workspace against the bot's — each refusing with its own code.
 */
import { describe, expect, it } from 'vitest';
import type { WebSessionUser } from '../stores/webSessions.js';
import { fakeSlackOpenId } from '../test/support/fakeSlackOpenId.js';
import type { OpenIdResult, SlackUserInfo } from './slackOpenId.js';
import { authorizeUrlFor, createSlackSignIn, SLACK_AUTHORIZE_URL } from './slackSignIn.js';
import type { PendingSignIn } from './slackSignIn.js';

const CLIENT_ID = '1234.5678';
const REDIRECT = 'https://kap.example.com/auth/slack/callback';

function fakeSlack(botTeam?: OpenIdResult<{ teamId: string }>) {
  const fake = fakeSlackOpenId({ clientId: CLIENT_ID, redirectUri: REDIRECT, ...(botTeam ? { botTeam } : {}) });
  const approve = fake.approve.bind(fake);
  return Object.assign(fake, { approve: (pending: PendingSignIn, user?: Partial<SlackUserInfo>, idToken?: Record<string, unknown>) => approve(pending.nonce, user, idToken) });
}

function setUp(slack = fakeSlack()) {
  const created: Array<{ user: WebSessionUser; ttlMs: number }> = [];
  const signIn = createSlackSignIn({
    openId: slack,
    sessions: { create: async (user, ttlMs) => (created.push({ user, ttlMs }), `token-${created.length}`) },
    clientId: CLIENT_ID,
    authorizeUrl: SLACK_AUTHORIZE_URL,
    redirectUri: () => REDIRECT,
    sessionTtlMs: 7 * 86_400_000,
  });
  return { slack, signIn, created };
}

describe('Sign in with Slack', () => {
  it('sends the browser to Slack with response_type, scopes, client id, state, nonce, redirect URI and the team', async () => {
    const { signIn } = setUp();
    const { location, pending } = await signIn.start('/s/abc');
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe('https://slack.com/openid/connect/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      scope: 'openid profile email',
      client_id: CLIENT_ID,
      state: pending.state,
      nonce: pending.nonce,
      redirect_uri: REDIRECT,
      team: 'T0KAP',
    });
    expect(pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pending.nonce).not.toBe(pending.state);
    expect(pending.next).toBe('/s/abc');
    expect((await signIn.start(null)).pending.state).not.toBe(pending.state);
  });

  it('asks Slack at the Web API\'s origin when it is elsewhere (a stand-in)', () => {
    expect(authorizeUrlFor('http://127.0.0.1:4567/api/')).toBe('http://127.0.0.1:4567/openid/connect/authorize');
    expect(authorizeUrlFor(undefined)).toBe(SLACK_AUTHORIZE_URL);
  });

  it('creates a web session for the person Slack names, and says where to go back', async () => {
    const { slack, signIn, created } = setUp();
    const { pending } = await signIn.start('/s/abc');
    const outcome = await signIn.finish({ code: slack.approve(pending), state: pending.state }, pending);
    expect(outcome).toEqual({ ok: true, token: 'token-1', user: { userId: 'UDANA00001', teamId: 'T0KAP', name: 'Dana Reyes' }, next: '/s/abc' });
    expect(created).toEqual([{ user: { userId: 'UDANA00001', teamId: 'T0KAP', name: 'Dana Reyes' }, ttlMs: 7 * 86_400_000 }]);
    expect(slack.workspaceCalls).toBe(1); // auth.test once, at start, reused at finish
  });

  it('refuses a state that is not the browser\'s, a missing one, and a callback without a pending sign-in', async () => {
    const { slack, signIn, created } = setUp();
    const { pending } = await signIn.start('/s/abc');
    const other = (await signIn.start('/s/abc')).pending;
    const code = slack.approve(pending);
    expect(await signIn.finish({ code, state: other.state }, pending)).toMatchObject({ ok: false, reason: 'STATE_MISMATCH' });
    expect(await signIn.finish({ code }, pending)).toMatchObject({ ok: false, reason: 'STATE_MISMATCH' });
    expect(await signIn.finish({ code, state: `${pending.state}é` }, pending)).toMatchObject({ ok: false, reason: 'STATE_MISMATCH' });
    expect(await signIn.finish({ code, state: pending.state }, undefined)).toMatchObject({ ok: false, reason: 'NO_PENDING_SIGN_IN' });
    expect(created).toEqual([]);
  });

  it('refuses a person of another workspace than the bot\'s', async () => {
    const { slack, signIn, created } = setUp();
    const { pending } = await signIn.start(null);
    const code = slack.approve(pending, { teamId: 'T0OTHER' });
    expect(await signIn.finish({ code, state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'WRONG_WORKSPACE' });
    expect(created).toEqual([]);
  });

  it('refuses when it cannot tell the bot\'s workspace, and asks again next time', async () => {
    let answer: OpenIdResult<{ teamId: string }> = { ok: false, error: 'invalid_auth' };
    const slack = fakeSlack();
    slack.workspace = async () => answer;
    const { signIn } = setUp(slack);
    const { pending, location } = await signIn.start(null);
    expect(new URL(location).searchParams.has('team')).toBe(false);
    expect(await signIn.finish({ code: slack.approve(pending), state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'WORKSPACE_UNKNOWN' });
    answer = { ok: true, teamId: 'T0KAP' };
    const again = await signIn.start(null);
    expect(await signIn.finish({ code: slack.approve(again.pending), state: again.pending.state }, again.pending)).toMatchObject({ ok: true });
  });

  it('refuses an ID token of another sign-in (nonce), another client (aud) or issuer, or not a JWT', async () => {
    const { slack, signIn } = setUp();
    for (const idToken of [{ nonce: 'someone-elses-nonce' }, { nonce: undefined }, { aud: 'another-app' }, { iss: 'https://evil.example' }]) {
      const { pending } = await signIn.start(null);
      expect(await signIn.finish({ code: slack.approve(pending, {}, idToken), state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'ID_TOKEN_INVALID' });
    }
    const { pending } = await signIn.start(null);
    const code = slack.approve(pending);
    const exchange = slack.exchangeCode.bind(slack);
    slack.exchangeCode = async (c, r) => {
      const result = await exchange(c, r);
      return result.ok ? { ...result, idToken: 'not-a-jwt' } : result;
    };
    expect(await signIn.finish({ code, state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'ID_TOKEN_INVALID' });
  });

  it('refuses UserInfo about another person than the ID token\'s', async () => {
    const { slack, signIn } = setUp();
    const { pending } = await signIn.start(null);
    const code = slack.approve(pending, {}, { sub: 'USOMEONE01' });
    expect(await signIn.finish({ code, state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'USER_MISMATCH' });
  });

  it('reports a refusal on Slack\'s page, a missing code and a code Slack refuses', async () => {
    const { signIn } = setUp();
    const { pending } = await signIn.start(null);
    expect(await signIn.finish({ error: 'access_denied', state: pending.state }, pending)).toEqual({ ok: false, reason: 'ACCESS_DENIED', detail: 'access_denied' });
    expect(await signIn.finish({ state: pending.state }, pending)).toMatchObject({ ok: false, reason: 'NO_CODE' });
    expect(await signIn.finish({ code: 'never-issued', state: pending.state }, pending)).toEqual({ ok: false, reason: 'TOKEN_REFUSED', detail: 'invalid_code' });
  });
});
