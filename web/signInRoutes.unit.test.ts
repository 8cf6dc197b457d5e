/**
 * The web routes with Slack configured, over app.inject, with a fake Slack behind the sign-in port: the
 * round trip and its cookies (attributes; `Secure` only with an https public URL), an open redirect, a
 * crossed state and a refusal on Slack's page refused with a page, an expired web session and a logout
 * sending the browser to sign in again, the lock page, and sign-in not configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Access } from '../access/access.js';
import type { IdentityLinks } from '../access/identityLinks.js';
import { createOwnerDirectory } from '../access/ownerDirectory.js';
import { createSessionGate } from '../access/sessionGate.js';
import { createVisibilityPolicy } from '../access/visibilityPolicy.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteWebSessions } from '../stores/sqliteWebSessions.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { fakeSlackOpenId } from '../test/support/fakeSlackOpenId.js';
import type { FakeSlackOpenId } from '../test/support/fakeSlackOpenId.js';
import { createLinkSigner } from './linkSigner.js';
import { createSlackSignIn } from './slackSignIn.js';
import { registerWebRoutes } from './webRoutes.js';

const OPEN = '11111111-1111-4111-8111-111111111111';
const CLOSED = '22222222-2222-4222-8222-222222222222';
const SECRET_PROMPT = 'rotate the payments signing key';
const CLIENT_ID = '1234.5678';
const DANA = 'UDANA00001';
const SAM = 'USAM000001';
const WEEK = 7 * 86_400_000;

const noLinks: IdentityLinks = { request: async () => ({ code: '', expiresAt: new Date() }), redeem: async () => ({ ok: true, slackUserId: '' }), links: async () => new Map() };

function session(id: string, visibility: 'workspace' | 'private'): SessionFoldState {
  const state = initialSessionState(id);
  state.summary = { ...state.summary, repo: 'acme/payments-api', user: 'Dana Reyes <dana@acme.dev>', visibility, lastPrompt: SECRET_PROMPT, title: SECRET_PROMPT };
  return state;
}

interface World {
  app: FastifyInstance;
  slack: FakeSlackOpenId;
  sessions: WebSessionStore;
  setClock(at: Date): void;
  close(): Promise<void>;
}

async function world(options: { publicUrl: string; signIn?: boolean }): Promise<World> {
  let clock = new Date('2026-11-20T10:00:00Z');
  const now = () => clock;
  const readModel: SessionReadModel = createSqliteReadModel({ path: ':memory:' });
  await readModel.commit([session(OPEN, 'workspace'), session(CLOSED, 'private')], { name: 'session-summary', position: { commit: 1n, prepare: 1n } });
  const slackUserOfEmail = async (email: string) => (email === 'dana@acme.dev' ? DANA : null);
  const gate = createSessionGate({
    readModel,
    policy: createVisibilityPolicy('private', []),
    owners: createOwnerDirectory({ links: noLinks, slackUserOfEmail }),
    membership: { isMember: async () => false },
  });
  const access: Access = { gate, identityLinks: noLinks, slackUserOfEmail, local: false };
  const redirectUri = `${options.publicUrl}/auth/slack/callback`;
  const slack = fakeSlackOpenId({ clientId: CLIENT_ID, redirectUri });
  const sessions = createSqliteWebSessions({ path: ':memory:', now });
  const signer = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => options.publicUrl, ttlMs: 60_000, plainPageLinks: true, now });
  const app = Fastify();
  registerWebRoutes(app, {
    readModel,
    signer,
    access,
    ...(options.signIn === false
      ? {}
      : { signIn: { sessions, flow: createSlackSignIn({ openId: slack, sessions, clientId: CLIENT_ID, authorizeUrl: 'https://slack.com/openid/connect/authorize', redirectUri: () => redirectUri, sessionTtlMs: WEEK }) } }),
    secureCookies: options.publicUrl.startsWith('https:'),
    webSessionTtlMs: WEEK,
    now,
    renderPage: async (summary) => `<!doctype html><html><body><main>${summary.lastPrompt}</main></body></html>`,
    renderCardPng: async () => Buffer.from('png'),
  });
  await app.ready();
  return {
    app,
    slack,
    sessions,
    setClock: (at) => {
      clock = at;
    },
    async close() {
      await app.close();
      await readModel.close();
      await sessions.close();
    },
  };
}

const cookieHeader = (response: LightMyRequestResponse, name: string) => {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : header ? [header] : []).find((c) => c.startsWith(`${name}=`));
};
const cookieValue = (setCookie: string | undefined) => setCookie?.split(';')[0]?.split('=').slice(1).join('=');

/** Signs `userId` in through the routes; resolves the callback's response. */
async function signIn(w: World, userId: string, next = `/s/${OPEN}`): Promise<LightMyRequestResponse> {
  const login = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(next)}`);
  const authorize = new URL(login.headers.location as string);
  const signInCookie = cookieValue(cookieHeader(login, 'kap_signin'))!;
  const code = w.slack.approve(authorize.searchParams.get('nonce')!, { sub: userId, userId, name: `Person ${userId}` });
  return w.app.inject({ url: `/auth/slack/callback?code=${code}&state=${authorize.searchParams.get('state')}`, cookies: { kap_signin: signInCookie } });
}

describe('web routes with Sign in with Slack (http public URL)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ publicUrl: 'http://kap.test:7878' });
  });
  afterAll(() => w.close());

  it('sends a browser without a web session to sign in, whatever the link carries', async () => {
    for (const url of [`/s/${OPEN}`, `/s/${OPEN}?exp=99999999999&sig=${'0'.repeat(32)}`]) {
      const response = await w.app.inject({ url, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1' } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(`/auth/slack/login?next=${encodeURIComponent(`/s/${OPEN}`)}`);
    }
  });

  it('starts a sign-in: to Slack with the state, the sign-in cookie bound to /auth/slack for 10 minutes', async () => {
    const login = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(`/s/${OPEN}`)}`);
    expect(login.statusCode).toBe(302);
    const authorize = new URL(login.headers.location as string);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://kap.test:7878/auth/slack/callback');
    const cookie = cookieHeader(login, 'kap_signin')!;
    expect(cookie).toMatch(/; Max-Age=600(;|$)/);
    expect(cookie).toContain('; Path=/auth/slack');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    expect(cookie).not.toContain(authorize.searchParams.get('state')); // encoded, but not readable by a script: HttpOnly
  });

  it('refuses a next that leaves Kap (an open redirect), with a page and no sign-in started', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const response = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(next)}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers.location).toBeUndefined();
      expect(cookieHeader(response, 'kap_signin')).toBeUndefined();
    }
  });

  it('signs in: the kap_session cookie (HttpOnly, SameSite=Lax, Path=/, Max-Age and Expires of a week, not Secure on http) and back to next', async () => {
    const callback = await signIn(w, DANA);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe(`/s/${OPEN}`);
    const cookie = cookieHeader(callback, 'kap_session')!;
    expect(cookie).toMatch(/^kap_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain(`; Max-Age=${WEEK / 1000}`);
    expect(cookie).toContain('; Expires=Fri, 27 Nov 2026 10:00:00 GMT');
    expect(cookie).toContain('; Path=/;');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    expect(cookieHeader(callback, 'kap_signin')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    const page = await w.app.inject({ url: `/s/${OPEN}`, cookies: { kap_session: cookieValue(cookie)! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(SECRET_PROMPT);
    expect(page.body).toContain('Signed in as Person UDANA00001');
  });

  it('refuses a callback whose state is not the browser\'s, or without the sign-in cookie: a page, no session', async () => {
    const login = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(`/s/${OPEN}`)}`);
    const authorize = new URL(login.headers.location as string);
    const code = w.slack.approve(authorize.searchParams.get('nonce')!);
    const crossed = await w.app.inject({ url: `/auth/slack/callback?code=${code}&state=forged-state`, cookies: { kap_signin: cookieValue(cookieHeader(login, 'kap_signin'))! } });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.body).toContain('does not belong to the sign-in this browser started');
    expect(cookieHeader(crossed, 'kap_session')).toBeUndefined();
    const cookieless = await w.app.inject(`/auth/slack/callback?code=${code}&state=${authorize.searchParams.get('state')}`);
    expect(cookieless.statusCode).toBe(400);
    expect(cookieHeader(cookieless, 'kap_session')).toBeUndefined();
    const garbage = await w.app.inject({ url: `/auth/slack/callback?code=${code}&state=x`, cookies: { kap_signin: '%%%not-base64{' } });
    expect(garbage.statusCode).toBe(400);
  });

  it('shows a page when the person declines on Slack\'s page', async () => {
    const response = await w.app.inject('/auth/slack/callback?error=access_denied&state=x');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You did not sign in with Slack');
    expect(response.body).toContain('Sign in with Slack again');
  });

  it('refuses someone from another workspace', async () => {
    const login = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(`/s/${OPEN}`)}`);
    const authorize = new URL(login.headers.location as string);
    const code = w.slack.approve(authorize.searchParams.get('nonce')!, { teamId: 'T0OTHER' });
    const response = await w.app.inject({ url: `/auth/slack/callback?code=${code}&state=${authorize.searchParams.get('state')}`, cookies: { kap_signin: cookieValue(cookieHeader(login, 'kap_signin'))! } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('other than the one Kap is installed in');
    expect(cookieHeader(response, 'kap_session')).toBeUndefined();
  });

  it('shows the lock page to a refused person: whose session it is, no repository, prompt or image', async () => {
    const token = cookieValue(cookieHeader(await signIn(w, SAM), 'kap_session'))!;
    const lock = await w.app.inject({ url: `/s/${CLOSED}`, cookies: { kap_session: token } });
    expect(lock.statusCode).toBe(403);
    expect(lock.body).toContain('Dana Reyes’s session');
    expect(lock.body).not.toContain(SECRET_PROMPT);
    expect(lock.body).not.toContain('payments');
    expect(lock.body).not.toContain('<img');
    expect(lock.body).toContain('Signed in as Person USAM000001');
    expect(lock.body).toContain('action="/auth/logout"');
    const owner = cookieValue(cookieHeader(await signIn(w, DANA), 'kap_session'))!;
    expect((await w.app.inject({ url: `/s/${CLOSED}`, cookies: { kap_session: owner } })).statusCode).toBe(200);
    expect((await w.app.inject({ url: '/s/33333333-3333-4333-8333-333333333333', cookies: { kap_session: owner } })).statusCode).toBe(404);
  });

  it('refuses an expired web session: back to sign in', async () => {
    const token = cookieValue(cookieHeader(await signIn(w, DANA), 'kap_session'))!;
    expect((await w.app.inject({ url: `/s/${OPEN}`, cookies: { kap_session: token } })).statusCode).toBe(200);
    w.setClock(new Date(Date.parse('2026-11-20T10:00:00Z') + WEEK + 1000));
    const later = await w.app.inject({ url: `/s/${OPEN}`, cookies: { kap_session: token } });
    w.setClock(new Date('2026-11-20T10:00:00Z'));
    expect(later.statusCode).toBe(302);
    expect(later.headers.location).toContain('/auth/slack/login');
  });

  it('logs out: the web session ends, the cookie is cleared, and the next visit signs in again', async () => {
    const token = cookieValue(cookieHeader(await signIn(w, DANA), 'kap_session'))!;
    const logoutPage = await w.app.inject({ url: '/auth/logout', cookies: { kap_session: token } });
    expect(logoutPage.body).toContain('<form method="post" action="/auth/logout">');
    const out = await w.app.inject({ method: 'POST', url: '/auth/logout', cookies: { kap_session: token }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('signed out');
    expect(cookieHeader(out, 'kap_session')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await w.sessions.get(token)).toBeUndefined();
    expect((await w.app.inject({ url: `/s/${OPEN}`, cookies: { kap_session: token } })).statusCode).toBe(302);
  });
});

describe('web routes with an https public URL', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ publicUrl: 'https://kap.example.com' });
  });
  afterAll(() => w.close());

  it('sets both cookies Secure', async () => {
    const login = await w.app.inject(`/auth/slack/login?next=${encodeURIComponent(`/s/${OPEN}`)}`);
    expect(cookieHeader(login, 'kap_signin')).toContain('; Secure');
    const callback = await signIn(w, DANA);
    expect(callback.statusCode).toBe(302);
    expect(cookieHeader(callback, 'kap_session')).toContain('; Secure');
  });
});

describe('web routes with Slack but no SLACK_CLIENT_ID', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ publicUrl: 'https://kap.example.com', signIn: false });
  });
  afterAll(() => w.close());

  it('says sign-in is not configured and what to set, on the page and the sign-in routes', async () => {
    for (const url of [`/s/${OPEN}`, '/auth/slack/login?next=/s/x', '/auth/slack/callback?code=c&state=s']) {
      const response = await w.app.inject({ url, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1' } });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('SLACK_CLIENT_ID');
      expect(response.body).toContain('SLACK_CLIENT_SECRET');
      expect(response.body).not.toContain(SECRET_PROMPT);
    }
  });
});
