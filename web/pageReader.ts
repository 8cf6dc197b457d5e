/**
 * Who is reading a session page (`GET /s/:id`), before the gate decides what they see (issue #11):
 *
 *   No Slack app (`access.local`): the local user owns every session. A request from this machine opens the
 *     page (reader `local`); from elsewhere a valid signed link is needed (web/linkSigner.ts), then `local`.
 *   Slack configured: every read by a person goes through the read rule, so a signed link is no pass and
 *     neither is this machine. The `kap_session` cookie's web session gives reader `person`; without one the
 *     browser is sent to Sign in with Slack, or told sign-in is not configured (no SLACK_CLIENT_ID).
 *
 * "From this machine" is a loopback socket that no proxy relayed (no Forwarded / X-Forwarded-For /
 * X-Real-IP header: a reverse proxy on the same host would make every visitor look local) and whose Host
 * names a loopback address (a page of another site that rebinds its DNS name to 127.0.0.1 is not local).
 */
import type { Reader } from '../access/sessionAccess.js';
import type { WebSession } from '../stores/webSessions.js';
import type { LinkCheck } from './linkSigner.js';

export type PageReader =
  | { kind: 'reader'; reader: Reader; person: (WebSession & { token: string }) | undefined }
  /** No Slack: not local and the link does not check. */
  | { kind: 'link_refused'; check: Exclude<LinkCheck, 'ok'> }
  /** Slack configured, nobody signed in: go to `/auth/slack/login`. */
  | { kind: 'sign_in' }
  /** Slack configured without SLACK_CLIENT_ID / SLACK_CLIENT_SECRET: nobody can sign in. */
  | { kind: 'sign_in_unconfigured' };

export interface PageReaderInput {
  /** True when no Slack app is configured. */
  local: boolean;
  /** Whether the request comes from this machine (`isLocalRequest`). */
  fromThisMachine: boolean;
  /** The page link's signature check. */
  checkLink: () => LinkCheck;
  /** Whether Sign in with Slack is configured. */
  signInConfigured: boolean;
  /** The browser's web session (from its cookie), if any and not expired. */
  webSession: () => Promise<(WebSession & { token: string }) | undefined>;
}

export async function pageReader(input: PageReaderInput): Promise<PageReader> {
  if (input.local) {
    if (input.fromThisMachine) return { kind: 'reader', reader: { kind: 'local' }, person: undefined };
    const check = input.checkLink();
    return check === 'ok' ? { kind: 'reader', reader: { kind: 'local' }, person: undefined } : { kind: 'link_refused', check };
  }
  if (!input.signInConfigured) return { kind: 'sign_in_unconfigured' };
  const session = await input.webSession();
  return session ? { kind: 'reader', reader: { kind: 'person', userId: session.userId }, person: session } : { kind: 'sign_in' };
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'];

/** Whether `address` is a loopback address (127.0.0.0/8, ::1, and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/** Whether a Host header names this machine's loopback: localhost, 127.x.y.z or [::1], any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || isLoopbackAddress(name);
}

/** The module comment's "from this machine". `headers` as Node gives them (lower-case names). */
export function isLocalRequest(remoteAddress: string | undefined, headers: Record<string, string | string[] | undefined>): boolean {
  if (!isLoopbackAddress(remoteAddress)) return false;
  if (PROXY_HEADERS.some((name) => headers[name] !== undefined)) return false;
  const host = headers.host;
  return isLoopbackHost(typeof host === 'string' ? host : undefined);
}
