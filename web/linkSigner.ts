/**
 * Signed links, so a URL that leaks is not a door into every session:
 *   session page  <base>/s/<sessionId>?exp=<unix seconds>&sig=<hex>   HMAC-SHA256 of `page\n<id>\n<exp>`, expiring.
 *                 Only without Slack: when a Slack app is configured people sign in (web/slackSignIn.ts) and
 *                 every read goes through the access rule, so a page link is the plain `<base>/s/<id>` and a
 *                 signature opens nothing (`plainPageLinks`).
 *   card image    <base>/cards/<sessionId>.png?rev=<revision>&exp=<unix seconds>&sig=<hex>  HMAC-SHA256 of
 *                 `card\n<id>\n<rev>\n<exp>`: short-lived (CARD_LINK_TTL_MS) and bound to the summary
 *                 revision it was made for. Card images are what has no person behind it: Slack fetches them
 *                 when it unfurls a link, and a new revision is a new URL (Slack caches images by URL).
 * Signatures are the first 32 hex digits (128 bits) of the HMAC, compared in constant time. A presented
 * signature of any other shape (length, case, non-ASCII) is a bad signature, never an exception.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'ok' | 'expired' | 'bad_signature';

/**
 * How long a card image URL opens, in ms: one hour. Slack fetches the image when it unfurls the link (within
 * seconds of Kap answering the unfurl) and serves its own copy afterwards, so an hour is ample for Slack and
 * short for a URL copied out of a message.
 */
export const CARD_LINK_TTL_MS = 60 * 60 * 1000;

export interface LinkSigner {
  /** Base URL links are built on (no trailing slash). */
  readonly baseUrl: string;
  /** The page link of a session: plain when people sign in (`plainPageLinks`), else signed for the configured time. */
  sessionPageUrl(sessionId: string): string;
  checkPage(sessionId: string, exp: string | undefined, sig: string | undefined): LinkCheck;
  /** A card image URL for `revision` of the session, valid CARD_LINK_TTL_MS from now. */
  cardImageUrl(sessionId: string, revision: number): string;
  /** Checks a card URL's signature and expiry (the route checks the revision against the session). */
  checkCard(sessionId: string, rev: string | undefined, exp: string | undefined, sig: string | undefined): LinkCheck;
}

export interface LinkSignerOptions {
  /** HMAC key, at least 32 characters. */
  secret: string;
  /** Where people reach Kap (`KAP_PUBLIC_URL`, else where it listens); read at each link. */
  baseUrl: () => string;
  /** How long a page link opens, in ms. */
  ttlMs: number;
  /** True when a Slack app is configured: people sign in, and page links carry no signature. Default false. */
  plainPageLinks?: boolean;
  now: () => Date;
}

export function createLinkSigner(options: LinkSignerOptions): LinkSigner {
  const base = () => options.baseUrl().replace(/\/+$/, '');
  const sign = (text: string) => createHmac('sha256', options.secret).update(text).digest('hex').slice(0, 32);
  // Lengths are compared in bytes: a string of 32 characters may be more than 32 bytes, and timingSafeEqual
  // throws on buffers of different lengths. The expected signature is always 32 ASCII bytes.
  const same = (presented: string, expected: string) => {
    const a = Buffer.from(presented, 'utf8');
    const b = Buffer.from(expected, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const id = (sessionId: string) => encodeURIComponent(sessionId);
  const expiresIn = (ms: number) => Math.floor((options.now().getTime() + ms) / 1000);
  const expired = (exp: string) => Number(exp) * 1000 < options.now().getTime();
  return {
    get baseUrl() {
      return base();
    },
    sessionPageUrl(sessionId) {
      if (options.plainPageLinks) return `${base()}/s/${id(sessionId)}`;
      const exp = expiresIn(options.ttlMs);
      return `${base()}/s/${id(sessionId)}?exp=${exp}&sig=${sign(`page\n${sessionId}\n${exp}`)}`;
    },
    checkPage(sessionId, exp, sig) {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !same(sig, sign(`page\n${sessionId}\n${exp}`))) return 'bad_signature';
      return expired(exp) ? 'expired' : 'ok';
    },
    cardImageUrl(sessionId, revision) {
      const exp = expiresIn(CARD_LINK_TTL_MS);
      return `${base()}/cards/${id(sessionId)}.png?rev=${revision}&exp=${exp}&sig=${sign(`card\n${sessionId}\n${revision}\n${exp}`)}`;
    },
    checkCard(sessionId, rev, exp, sig) {
      if (!rev || !exp || !sig || !/^-?\d{1,12}$/.test(rev) || !/^\d{1,12}$/.test(exp)) return 'bad_signature';
      if (!same(sig, sign(`card\n${sessionId}\n${rev}\n${exp}`))) return 'bad_signature';
      return expired(exp) ? 'expired' : 'ok';
    },
  };
}
