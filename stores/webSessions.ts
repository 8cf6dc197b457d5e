/**
 * The web session port: who is signed in on Kap's web pages (Sign in with Slack, web/slackSignIn.ts).
 * A web session is created when Slack's OpenID Connect sign-in completes and is found again by the
 * `kap_session` cookie's token. The store never holds the token itself, only its SHA-256 (`webSessionKey`),
 * so a copy of the store (a backup, a Redis dump) opens nobody's session.
 *
 * Adapters: embedded SQLite (`sqliteWebSessions.ts`), Redis (`redisWebSessions.ts`); both pass
 * `webSessions.contract.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The signed-in Slack person. */
export interface WebSessionUser {
  /** Slack user id (`https://slack.com/user_id`). */
  userId: string;
  /** Slack workspace id (`https://slack.com/team_id`). */
  teamId: string;
  /** The name Slack gave at sign-in, for "signed in as …"; null when Slack gave none. */
  name: string | null;
}

export interface WebSession extends WebSessionUser {
  /** When the session stops opening pages. */
  expiresAt: Date;
}

export interface WebSessionStore {
  /**
   * Creates a session for `user` lasting `ttlMs` (ms, > 0) from the store's clock; resolves the token to
   * put in the cookie (43 base64url characters: 32 random bytes). Throws only on I/O failures.
   */
  create(user: WebSessionUser, ttlMs: number): Promise<string>;
  /** The session of `token`, or undefined when there is none or it has expired. Any string is accepted. */
  get(token: string): Promise<WebSession | undefined>;
  /** Ends the session of `token` (logout); nothing when there is none. */
  delete(token: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh cookie token: 32 random bytes, base64url. */
export function newWebSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keys a session by: the SHA-256 of its token, hex. */
export function webSessionKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
