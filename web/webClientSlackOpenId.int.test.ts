/**
 * The Sign in with Slack adapter (@slack/web-api) against the Slack stand-in, through the flow: a code from
 * the authorize page becomes a web session; a code used twice is Slack's `invalid_code`; a person of another
 * workspace than the bot's (`auth.test` T0KAP) is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { authorizeUrlFor, createSlackSignIn } from './slackSignIn.js';
import { createWebClientSlackOpenId } from './webClientSlackOpenId.js';

const TOKEN = 'xoxb-openid-adapter';
const CLIENT = { clientId: '5555.6666', clientSecret: 'openid-adapter-secret' };
const REDIRECT = 'http://127.0.0.1:9/auth/slack/callback';

let slack: SlackStandIn | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function setUp(teamId?: string) {
  slack = await startSlackStandIn({ botToken: TOKEN, users: { UDANA00001: 'dana@acme.dev' }, oidc: { ...CLIENT, ...(teamId ? { teamId } : {}) } });
  const openId = createWebClientSlackOpenId({ ...CLIENT, botToken: TOKEN, apiUrl: slack.apiUrl });
  const created: string[] = [];
  const flow = createSlackSignIn({
    openId,
    sessions: { create: async (user) => (created.push(user.userId), 'token') },
    clientId: CLIENT.clientId,
    authorizeUrl: authorizeUrlFor(slack.apiUrl),
    redirectUri: () => REDIRECT,
    sessionTtlMs: 60_000,
  });
  /** Plays the browser: starts a sign-in as `userId`, follows Slack's authorize page, returns the callback's query. */
  const authorize = async (userId: string) => {
    slack!.signInAs(userId);
    const { location, pending } = await flow.start('/s/x');
    const back = new URL((await fetch(location, { redirect: 'manual' })).headers.get('location')!);
    return { pending, code: back.searchParams.get('code') ?? undefined, state: back.searchParams.get('state') ?? undefined };
  };
  return { openId, flow, created, authorize };
}

describe('Sign in with Slack through @slack/web-api', () => {
  it('signs a person of the bot\'s workspace in; a code is used once', async () => {
    const { openId, flow, created, authorize } = await setUp();
    const { pending, code, state } = await authorize('UDANA00001');
    expect(await flow.finish({ code, state }, pending)).toMatchObject({ ok: true, user: { userId: 'UDANA00001', teamId: 'T0KAP', name: 'User UDANA00001' }, next: '/s/x' });
    expect(created).toEqual(['UDANA00001']);
    expect(await openId.exchangeCode(code!, REDIRECT)).toEqual({ ok: false, error: 'invalid_code' });
    expect(await openId.userInfo('xoxp-forged')).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('refuses a person of another workspace', async () => {
    const { flow, created, authorize } = await setUp('T0OTHER');
    const { pending, code, state } = await authorize('UDANA00001');
    expect(await flow.finish({ code, state }, pending)).toMatchObject({ ok: false, reason: 'WRONG_WORKSPACE' });
    expect(created).toEqual([]);
  });
});
