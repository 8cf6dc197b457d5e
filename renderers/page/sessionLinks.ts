/**
 * Links from a session page to its sub-pages (`/s/<id>/files`, `/s/<id>/tools/<tool_use id>`, fragments):
 * they carry the page link's `exp` and `sig` when the reader came by a signed link (no Slack, from
 * elsewhere), since the signature covers the session and not the path (web/linkSigner.ts).
 */
import { escapeHtml } from './html.js';

export interface SessionLinks {
  sessionId: string;
  /** The signed link's `exp` and `sig`, when the page was opened by one. */
  signed?: { exp: string; sig: string } | undefined;
}

/** `/s/<id><sub>?<params>&exp=…&sig=…`, not escaped (escape it for an attribute with `escapeHtml`). */
export function sessionPath(links: SessionLinks, sub = '', params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params);
  if (links.signed) {
    query.set('exp', links.signed.exp);
    query.set('sig', links.signed.sig);
  }
  const q = query.toString();
  return `/s/${encodeURIComponent(links.sessionId)}${sub}${q === '' ? '' : `?${q}`}`;
}

/** `sessionPath` escaped for an `href`. */
export function sessionHref(links: SessionLinks, sub = '', params: Record<string, string> = {}): string {
  return escapeHtml(sessionPath(links, sub, params));
}
