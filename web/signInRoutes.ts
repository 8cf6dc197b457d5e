/**
 * Sign in with Slack on the bot's HTTP server (the flow is web/slackSignIn.ts; cookies web/webCookies.ts):
 *   GET  /auth/slack/login?next=<local path>   302 to Slack's authorize page; `next` must be a local path
 *                                              (web/localPath.ts), else 400
 *   GET  /auth/slack/callback?code&state       Slack's redirect back: on success a web session, the
 *                                              `kap_session` cookie and 302 to `next` (a page when none);
 *                                              `error=access_denied` or any failure: a page saying what
 *                                              happened and how to try again (400/403/502/503), never a crash
 *   GET  /auth/logout                          a page with the logout button (the session page's policy
 *                                              allows no form, so its "Log out" link comes here)
 *   POST /auth/logout                          ends the web session, clears the cookie, "signed out" page
 * Without SLACK_CLIENT_ID / SLACK_CLIENT_SECRET the sign-in routes answer 403 saying what to set.
 * https://docs.slack.dev/authentication/sign-in-with-slack/
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messagePage, webPage, signedInControl, WEB_PAGE_CSP } from '../renderers/webPage.js';
import { escapeHtml } from '../renderers/page/html.js';
import type { WebSession, WebSessionStore } from '../stores/webSessions.js';
import { localPath } from './localPath.js';
import type { SignInFailure, SlackSignIn } from './slackSignIn.js';
import {
  decodePendingSignIn,
  encodePendingSignIn,
  SESSION_COOKIE,
  sessionCookieOptions,
  SIGN_IN_COOKIE,
  SIGN_IN_PATH,
  signInCookieOptions,
} from './webCookies.js';

export interface SignInRoutesDeps {
  /** The flow and the store of web sessions; undefined when sign-in is not configured. */
  signIn: { flow: SlackSignIn; sessions: WebSessionStore } | undefined;
  /** Whether cookies are `Secure` (the public URL is https). */
  secureCookies: boolean;
  /** How long a web session lasts, in ms. */
  sessionTtlMs: number;
  now: () => Date;
}

/** What to tell a person whose browser may sign in but nobody configured how. */
export const SIGN_IN_UNCONFIGURED =
  'Sign in with Slack is not configured on this Kap, so nobody can open session pages. Set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (your Slack app → Basic Information → App Credentials) and add <KAP_PUBLIC_URL>/auth/slack/callback to its redirect URLs.';

/** Sends a page with the headers every Kap page has. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('content-security-policy', WEB_PAGE_CSP).header('referrer-policy', 'no-referrer').send(html);
}

/** The browser's web session (its `kap_session` cookie), if it has one that has not expired. */
export async function webSessionOf(request: FastifyRequest, sessions: WebSessionStore | undefined): Promise<(WebSession & { token: string }) | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!sessions || !token) return undefined;
  const session = await sessions.get(token);
  return session ? { ...session, token } : undefined;
}

/** The page path that starts a sign-in returning to `next`. */
export function loginPath(next: string): string {
  return `${SIGN_IN_PATH}/login?next=${encodeURIComponent(next)}`;
}

const FAILURES: Record<SignInFailure, { status: number; text: string }> = {
  ACCESS_DENIED: { status: 403, text: 'You did not sign in with Slack, so Kap cannot show you this page.' },
  NO_PENDING_SIGN_IN: { status: 400, text: 'This sign-in was not started in this browser, or took longer than 10 minutes.' },
  STATE_MISMATCH: { status: 400, text: 'This sign-in answer does not belong to the sign-in this browser started.' },
  NO_CODE: { status: 400, text: 'Slack sent no sign-in code back.' },
  TOKEN_REFUSED: { status: 502, text: 'Slack did not accept the sign-in code (it may have been used already).' },
  ID_TOKEN_INVALID: { status: 502, text: 'Slack’s answer was not for this sign-in.' },
  USERINFO_REFUSED: { status: 502, text: 'Slack did not say who signed in.' },
  USER_MISMATCH: { status: 502, text: 'Slack’s answers named two different people.' },
  WRONG_WORKSPACE: { status: 403, text: 'You signed in to a Slack workspace other than the one Kap is installed in. Sign in to Kap’s workspace.' },
  WORKSPACE_UNKNOWN: { status: 503, text: 'Kap could not ask Slack which workspace it is installed in.' },
};

const first = (value: unknown): string | undefined => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined);

export function registerSignInRoutes(app: FastifyInstance, deps: SignInRoutesDeps): void {
  const tryAgain = (next: string | null) => `<p><a href="${escapeHtml(loginPath(next ?? '/auth/logout'))}">Sign in with Slack again</a></p>`;

  app.get<{ Querystring: Record<string, unknown> }>(`${SIGN_IN_PATH}/login`, async (request, reply) => {
    if (!deps.signIn) return sendPage(reply, 403, messagePage(SIGN_IN_UNCONFIGURED));
    const asked = request.query.next;
    const next = asked === undefined ? null : localPath(first(asked));
    if (next === undefined) return sendPage(reply, 400, messagePage('This sign-in link is not Kap’s: it would send you to another site afterwards.'));
    const { location, pending } = await deps.signIn.flow.start(next);
    reply.setCookie(SIGN_IN_COOKIE, encodePendingSignIn(pending), signInCookieOptions(deps.secureCookies, deps.now()));
    return reply.code(302).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(location, 302);
  });

  app.get<{ Querystring: Record<string, unknown> }>(`${SIGN_IN_PATH}/callback`, async (request, reply) => {
    if (!deps.signIn) return sendPage(reply, 403, messagePage(SIGN_IN_UNCONFIGURED));
    const pending = decodePendingSignIn(request.cookies[SIGN_IN_COOKIE]);
    reply.clearCookie(SIGN_IN_COOKIE, { path: SIGN_IN_PATH, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
    const query = { code: first(request.query.code), state: first(request.query.state), error: first(request.query.error) };
    let outcome;
    try {
      outcome = await deps.signIn.flow.finish(query, pending);
    } catch (error) {
      request.log.warn({ err: error }, 'Sign in with Slack: Slack could not be reached');
      return sendPage(reply, 502, webPage('Sign-in failed', `<p>Kap could not reach Slack to finish signing you in. Try again in a moment.</p>${tryAgain(pending?.next ?? null)}`));
    }
    if (!outcome.ok) {
      const failure = FAILURES[outcome.reason];
      request.log.info({ reason: outcome.reason, detail: outcome.detail }, 'Sign in with Slack refused');
      return sendPage(reply, failure.status, webPage('Sign-in failed', `<p>${escapeHtml(failure.text)}</p>${tryAgain(pending?.next ?? null)}`));
    }
    reply.setCookie(SESSION_COOKIE, outcome.token, sessionCookieOptions(deps.sessionTtlMs, deps.secureCookies, deps.now()));
    if (outcome.next) return reply.header('cache-control', 'no-store').redirect(outcome.next, 302);
    const person = { userId: outcome.user.userId, name: outcome.user.name };
    return sendPage(reply, 200, webPage('Signed in', `<p>You are signed in to Kap. Open a session link from Slack to see it.</p>${signedInControl(person)}`));
  });

  app.get('/auth/logout', async (request, reply) => {
    const session = await webSessionOf(request, deps.signIn?.sessions);
    if (!session) return sendPage(reply, 200, messagePage('You are not signed in to Kap.', undefined, 'Log out'));
    return sendPage(reply, 200, webPage('Log out', `<p>Log out of Kap in this browser?</p>${signedInControl(session)}`));
  });

  app.post('/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token && deps.signIn) await deps.signIn.sessions.delete(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
    return sendPage(reply, 200, messagePage('You are signed out of Kap in this browser.', undefined, 'Signed out'));
  });
}
