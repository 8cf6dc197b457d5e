/**
 * Sign in with Slack (OpenID Connect, https://docs.slack.dev/authentication/sign-in-with-slack/): the
 * steps between "this browser has no Kap session" and "it has one for Slack user U…".
 *
 *   start(next)            → the authorize URL to send the browser to, and the pending sign-in (state, nonce,
 *                            next) the routes bind to the browser in a short-lived HttpOnly cookie
 *   finish(query, pending) → checks the state, exchanges the code (`openid.connect.token`), checks the
 *                            ID token's nonce, audience and issuer, asks `openid.connect.userInfo`, requires
 *                            the person's workspace to be the bot's (`auth.test` team_id, cached), and creates
 *                            a web session; or a failure code, never an exception for what a browser sends
 *
 * The ID token's signature is not checked: it came to Kap straight from Slack's token endpoint over TLS, in
 * answer to Kap's own client credentials, and OpenID Connect Core 1.0 §3.1.3.7 (item 6) lets such a client
 * use the TLS server validation in place of the token's signature. The UserInfo `sub` must equal the ID
 * token's (§5.3.2), so the answers belong to one person.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebSessionStore, WebSessionUser } from '../stores/webSessions.js';
import type { SlackOpenId } from './slackOpenId.js';

/** Slack's authorize step (the browser goes there). */
export const SLACK_AUTHORIZE_URL = 'https://slack.com/openid/connect/authorize';
/** The ID token's issuer (Slack's OpenID configuration, https://slack.com/.well-known/openid-configuration). */
export const SLACK_ISSUER = 'https://slack.com';
/** The scopes Kap asks for: who the person is and their workspace. */
export const SIGN_IN_SCOPES = 'openid profile email';

/** What the browser carries between `start` and `finish` (in the sign-in cookie). */
export interface PendingSignIn {
  /** Random, 43 base64url characters; Slack echoes it back as `state`. */
  state: string;
  /** Random, 43 base64url characters; Slack puts it in the ID token. */
  nonce: string;
  /** Local path to return to (web/localPath.ts), or null. */
  next: string | null;
}

export type SignInFailure =
  /** The person declined on Slack's page (`error=access_denied`) or Slack sent another error. */
  | 'ACCESS_DENIED'
  /** No sign-in cookie came back (expired, another browser, cookies blocked). */
  | 'NO_PENDING_SIGN_IN'
  /** `state` missing or not the cookie's (a forged or crossed callback). */
  | 'STATE_MISMATCH'
  | 'NO_CODE'
  /** Slack refused the code (`invalid_code`, `invalid_client`, …). */
  | 'TOKEN_REFUSED'
  /** The ID token is not a JWT Kap can read, or its issuer, audience or nonce is not this sign-in's. */
  | 'ID_TOKEN_INVALID'
  | 'USERINFO_REFUSED'
  /** UserInfo's `sub` is not the ID token's. */
  | 'USER_MISMATCH'
  /** The person signed in to another workspace than the bot's. */
  | 'WRONG_WORKSPACE'
  /** `auth.test` failed: Kap cannot tell which workspace is its own. */
  | 'WORKSPACE_UNKNOWN';

export type SignInOutcome = { ok: true; token: string; user: WebSessionUser; next: string | null } | { ok: false; reason: SignInFailure; detail?: string };

export interface SlackSignIn {
  start(next: string | null): Promise<{ location: string; pending: PendingSignIn }>;
  /** `query`: the callback's `code`, `state` and `error`; `pending`: the sign-in cookie's, if any. */
  finish(query: { code?: string; state?: string; error?: string }, pending: PendingSignIn | undefined): Promise<SignInOutcome>;
}

export interface SlackSignInOptions {
  openId: SlackOpenId;
  sessions: Pick<WebSessionStore, 'create'>;
  /** The Slack app's client id (`SLACK_CLIENT_ID`). */
  clientId: string;
  /** Slack's authorize URL; SLACK_AUTHORIZE_URL unless the Web API base URL is elsewhere (`authorizeUrlFor`). */
  authorizeUrl: string;
  /** `<public URL or listen URL>/auth/slack/callback`, read at each sign-in (the port is known once Kap listens). */
  redirectUri: () => string;
  /** How long a web session lasts, in ms (`KAP_WEB_SESSION_DAYS`). */
  sessionTtlMs: number;
}

/** Slack's authorize URL, or `<origin of apiUrl>/openid/connect/authorize` when the Web API is elsewhere (a stand-in). */
export function authorizeUrlFor(apiUrl: string | undefined): string {
  return apiUrl ? `${new URL(apiUrl).origin}/openid/connect/authorize` : SLACK_AUTHORIZE_URL;
}

const random = () => randomBytes(32).toString('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The claims of a compact JWT (`header.payload.signature`), unverified; undefined when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createSlackSignIn(options: SlackSignInOptions): SlackSignIn {
  let workspace: Promise<string | undefined> | undefined;
  // The bot's workspace does not change while Kap runs: one `auth.test` answer serves every sign-in. A failure
  // is not kept (the next sign-in asks again).
  const workspaceTeamId = () => {
    workspace ??= options.openId.workspace().then(
      (r) => (r.ok ? r.teamId : undefined),
      () => undefined,
    );
    const answer = workspace;
    void answer.then((teamId) => {
      if (teamId === undefined && workspace === answer) workspace = undefined;
    });
    return answer;
  };

  return {
    async start(next) {
      const pending: PendingSignIn = { state: random(), nonce: random(), next };
      const url = new URL(options.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('scope', SIGN_IN_SCOPES);
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('state', pending.state);
      url.searchParams.set('nonce', pending.nonce);
      url.searchParams.set('redirect_uri', options.redirectUri());
      // Skips Slack's workspace picker when the bot's workspace is known (https://docs.slack.dev/authentication/sign-in-with-slack/#request).
      const team = await workspaceTeamId();
      if (team) url.searchParams.set('team', team);
      return { location: url.toString(), pending };
    },

    async finish(query, pending) {
      if (query.error !== undefined) return { ok: false, reason: 'ACCESS_DENIED', detail: query.error };
      if (!pending) return { ok: false, reason: 'NO_PENDING_SIGN_IN' };
      if (typeof query.state !== 'string' || !sameText(query.state, pending.state)) return { ok: false, reason: 'STATE_MISMATCH' };
      if (typeof query.code !== 'string' || query.code === '') return { ok: false, reason: 'NO_CODE' };

      const tokens = await options.openId.exchangeCode(query.code, options.redirectUri());
      if (!tokens.ok) return { ok: false, reason: 'TOKEN_REFUSED', detail: tokens.error };
      const claims = jwtClaims(tokens.idToken);
      const audience = claims?.aud;
      const audienceOk = audience === options.clientId || (Array.isArray(audience) && audience.includes(options.clientId));
      if (!claims || claims.iss !== SLACK_ISSUER || !audienceOk || typeof claims.sub !== 'string') return { ok: false, reason: 'ID_TOKEN_INVALID' };
      if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, pending.nonce)) return { ok: false, reason: 'ID_TOKEN_INVALID', detail: 'nonce' };

      const info = await options.openId.userInfo(tokens.accessToken);
      if (!info.ok) return { ok: false, reason: 'USERINFO_REFUSED', detail: info.error };
      if (info.sub !== claims.sub) return { ok: false, reason: 'USER_MISMATCH' };
      const team = await workspaceTeamId();
      if (team === undefined) return { ok: false, reason: 'WORKSPACE_UNKNOWN' };
      if (info.teamId !== team) return { ok: false, reason: 'WRONG_WORKSPACE' };

      const user: WebSessionUser = { userId: info.userId, teamId: info.teamId, name: info.name };
      const token = await options.sessions.create(user, options.sessionTtlMs);
      return { ok: true, token, user, next: pending.next };
    },
  };
}
