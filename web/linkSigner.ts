/**
 * Signed links, so a URL that leaks is not a door into every session:
 *   session page  <base>/s/<sessionId>?exp=<unix seconds>&sig=<hex>   HMAC-SHA256 of `page\n<id>\n<exp>`, expiring
 *   card image    <base>/cards/<sessionId>.png?rev=<revision>&sig=<hex>  HMAC-SHA256 of `card\n<id>\n<rev>`, keyed by
 *                 the summary revision it shows (Slack caches images by URL, so a new revision is a new URL)
 * Signatures are the first 32 hex digits (128 bits) of the HMAC, compared in constant time. A presented
 * signature of any other shape (length, case, non-ASCII) is a bad signature, never an exception.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'ok' | 'expired' | 'bad_signature';

export interface LinkSigner {
  /** Base URL links are built on (no trailing slash). */
  readonly baseUrl: string;
  /** A signed page link valid for the configured time from now. */
  sessionPageUrl(sessionId: string): string;
  checkPage(sessionId: string, exp: string | undefined, sig: string | undefined): LinkCheck;
  cardImageUrl(sessionId: string, revision: number): string;
  checkCard(sessionId: string, rev: string | undefined, sig: string | undefined): LinkCheck;
}

export interface LinkSignerOptions {
  /** HMAC key, at least 32 characters. */
  secret: string;
  /** Where people reach Kap (`KAP_PUBLIC_URL`, else where it listens); read at each link. */
  baseUrl: () => string;
  /** How long a page link opens, in ms. */
  ttlMs: number;
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
  return {
    get baseUrl() {
      return base();
    },
    sessionPageUrl(sessionId) {
      const exp = Math.floor((options.now().getTime() + options.ttlMs) / 1000);
      return `${base()}/s/${id(sessionId)}?exp=${exp}&sig=${sign(`page\n${sessionId}\n${exp}`)}`;
    },
    checkPage(sessionId, exp, sig) {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !same(sig, sign(`page\n${sessionId}\n${exp}`))) return 'bad_signature';
      return Number(exp) * 1000 < options.now().getTime() ? 'expired' : 'ok';
    },
    cardImageUrl(sessionId, revision) {
      return `${base()}/cards/${id(sessionId)}.png?rev=${revision}&sig=${sign(`card\n${sessionId}\n${revision}`)}`;
    },
    checkCard(sessionId, rev, sig) {
      if (!rev || !sig || !/^-?\d{1,12}$/.test(rev)) return 'bad_signature';
      return same(sig, sign(`card\n${sessionId}\n${rev}`)) ? 'ok' : 'bad_signature';
    },
  };
}
