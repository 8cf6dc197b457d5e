/**
 * Kap's two browser cookies (set and parsed by @fastify/cookie):
 *   kap_session  the web session token (stores/webSessions.ts): HttpOnly, SameSite=Lax, Path=/, Max-Age and
 *                Expires from KAP_WEB_SESSION_DAYS, Secure when the public URL is https
 *   kap_signin   a sign-in under way (web/slackSignIn.ts `PendingSignIn`: state, nonce, next), for 10 minutes,
 *                Path=/auth/slack, HttpOnly, SameSite=Lax (sent on Slack's top-level redirect back to Kap)
 * SameSite=Lax keeps both off cross-site POSTs and sub-requests. Without an https public URL (a laptop on
 * http://127.0.0.1) `Secure` would make browsers drop the cookie, so it is set only for https.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { PendingSignIn } from './slackSignIn.js';
import { localPath } from './localPath.js';

export const SESSION_COOKIE = 'kap_session';
export const SIGN_IN_COOKIE = 'kap_signin';
/** How long a browser may take on Slack's page, in ms. */
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;
export const SIGN_IN_PATH = '/auth/slack';

/** Whether cookies get `Secure`: the public URL people reach Kap at is https. */
export function secureCookies(publicUrl: string | undefined): boolean {
  return publicUrl !== undefined && publicUrl.toLowerCase().startsWith('https:');
}

/** Attributes of `kap_session` for a session lasting `ttlMs` from `now`. */
export function sessionCookieOptions(ttlMs: number, secure: boolean, now: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: Math.floor(ttlMs / 1000), expires: new Date(now.getTime() + ttlMs) };
}

/** Attributes of `kap_signin`. */
export function signInCookieOptions(secure: boolean, now: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: SIGN_IN_PATH, secure, maxAge: SIGN_IN_TTL_MS / 1000, expires: new Date(now.getTime() + SIGN_IN_TTL_MS) };
}

/** The sign-in cookie's value: the pending sign-in as base64url JSON. */
export function encodePendingSignIn(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
}

/** The pending sign-in of a cookie value, or undefined for anything that is not one (never throws). */
export function decodePendingSignIn(value: string | undefined): PendingSignIn | undefined {
  if (!value || value.length > 8192) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn> | null;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { state, nonce, next } = parsed;
    if (typeof state !== 'string' || typeof nonce !== 'string' || state.length < 32 || nonce.length < 32) return undefined;
    // `next` was checked when the sign-in started; it is checked again, as anything a browser sends back.
    return { state, nonce, next: next === null || next === undefined ? null : (localPath(next) ?? null) };
  } catch {
    return undefined;
  }
}
