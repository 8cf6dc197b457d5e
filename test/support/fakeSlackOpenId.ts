/**
 * An in-memory Slack for the Sign in with Slack port (web/slackOpenId.ts), for unit tests of the flow and
 * its routes: `approve` plays Slack's authorize page (a code bound to the sign-in's nonce), and the port's
 * methods answer as Slack would (`invalid_code` for a code used twice or for another redirect URI).
 * Tests of the real adapter use the Slack stand-in (slackApiStandIn.ts) instead.
 */
import type { OpenIdResult, SlackOpenId, SlackUserInfo } from '../../web/slackOpenId.js';

export interface FakeSlackOpenId extends SlackOpenId {
  /**
   * A code for a sign-in with `nonce`, for the person `user` (default Dana in T0KAP); `idToken` overrides
   * claims of the ID token Slack will give for it.
   */
  approve(nonce: string, user?: Partial<SlackUserInfo>, idToken?: Record<string, unknown>): string;
  /** How many times `auth.test` was asked. */
  workspaceCalls: number;
}

export const FAKE_DANA: SlackUserInfo = { sub: 'UDANA00001', userId: 'UDANA00001', teamId: 'T0KAP', name: 'Dana Reyes', email: 'dana@acme.dev' };

/** A compact JWT with `claims` (and a signature nobody checks: see web/slackSignIn.ts). */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
}

export function fakeSlackOpenId(options: { clientId: string; redirectUri: string; botTeam?: OpenIdResult<{ teamId: string }> }): FakeSlackOpenId {
  const codes = new Map<string, { idToken: string; info: SlackUserInfo }>();
  const tokens = new Map<string, SlackUserInfo>();
  const fake: FakeSlackOpenId = {
    workspaceCalls: 0,
    approve(nonce, user = {}, idToken = {}) {
      const info: SlackUserInfo = { ...FAKE_DANA, ...user };
      const code = `code-${codes.size}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, { info, idToken: unsignedJwt({ iss: 'https://slack.com', aud: options.clientId, sub: info.sub, nonce, ...idToken }) });
      return code;
    },
    async exchangeCode(code, redirectUri) {
      const grant = codes.get(code);
      if (!grant || redirectUri !== options.redirectUri) return { ok: false, error: 'invalid_code' };
      codes.delete(code);
      const accessToken = `xoxp-${code}`;
      tokens.set(accessToken, grant.info);
      return { ok: true, accessToken, idToken: grant.idToken };
    },
    async userInfo(accessToken) {
      const info = tokens.get(accessToken);
      return info ? { ok: true, ...info } : { ok: false, error: 'invalid_auth' };
    },
    async workspace() {
      fake.workspaceCalls += 1;
      return options.botTeam ?? { ok: true, teamId: 'T0KAP' };
    },
  };
  return fake;
}
