/**
 * The Sign in with Slack adapter (@slack/web-api `WebClient`): one client without a token for the OpenID
 * Connect methods (the client credentials and the person's access token go with each call), one with the
 * bot token for `auth.test`. Platform errors (`ok: false`) become returned values; a network failure
 * throws (the sign-in page reports it). A person waits on these calls, so there is one quick retry and a
 * 10 s timeout, not the WebClient's long default backoff.
 */
import { WebClient } from '@slack/web-api';
import type { OpenIdResult, SlackOpenId, SlackUserInfo } from './slackOpenId.js';

export interface WebClientSlackOpenIdOptions {
  /** The Slack app's client id and secret ("Basic Information" → App Credentials). */
  clientId: string;
  clientSecret: string;
  /** Bot token, `xoxb-…`, for `auth.test`. */
  botToken: string;
  /** Web API base URL ending in `/api/`; default Slack's. Tests point it at a local stand-in. */
  apiUrl?: string;
}

export function createWebClientSlackOpenId(options: WebClientSlackOpenIdOptions): SlackOpenId {
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: 10_000,
  };
  const anonymous = new WebClient(undefined, clientOptions);
  const bot = new WebClient(options.botToken, clientOptions);

  const call = async <T>(run: () => Promise<OpenIdResult<T>>): Promise<OpenIdResult<T>> => {
    try {
      return await run();
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string } };
      if (e.code === 'slack_webapi_platform_error' && e.data?.error) return { ok: false, error: e.data.error };
      throw error;
    }
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

  return {
    exchangeCode: (code, redirectUri) =>
      call<{ accessToken: string; idToken: string }>(async () => {
        const r = await anonymous.openid.connect.token({
          client_id: options.clientId,
          client_secret: options.clientSecret,
          code,
          redirect_uri: redirectUri,
          grant_type: 'authorization_code',
        });
        const accessToken = text(r.access_token);
        const idToken = text(r.id_token);
        return accessToken && idToken ? { ok: true, accessToken, idToken } : { ok: false, error: 'missing_tokens' };
      }),
    userInfo: (accessToken) =>
      call<SlackUserInfo>(async () => {
        const r = await anonymous.openid.connect.userInfo({ token: accessToken });
        const sub = text(r.sub);
        const userId = text(r['https://slack.com/user_id']);
        const teamId = text(r['https://slack.com/team_id']);
        if (!sub || !userId || !teamId) return { ok: false, error: 'missing_claims' };
        return { ok: true, sub, userId, teamId, name: text(r.name), email: text(r.email) };
      }),
    workspace: () =>
      call<{ teamId: string }>(async () => {
        const teamId = text((await bot.auth.test()).team_id);
        return teamId ? { ok: true, teamId } : { ok: false, error: 'missing_team_id' };
      }),
  };
}
