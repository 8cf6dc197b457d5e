/**
 * The bar at the top of Kap's web pages: Sessions (the index, `/`), Usage (`/usage`), and a search box (a
 * plain GET form to `/search`, so it works without JavaScript). `SITE_NAV_CSS` goes in the page's `<style>`.
 */
import { escapeHtml } from './html.js';

export type SiteSection = 'sessions' | 'usage' | 'search' | 'session';

export const SITE_NAV_CSS =
  '.site{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;padding:.5rem 1rem;border-bottom:1px solid #e8e8e8;font:14px system-ui,-apple-system,sans-serif}'
  + '.site .brand{font-weight:700;color:#1d1c1d;text-decoration:none}.site a{color:#1264a3;text-decoration:none}.site a[aria-current]{font-weight:600;color:#1d1c1d}'
  + '.site form{margin-left:auto;display:flex;gap:.3rem}.site input[type=search]{font:inherit;padding:.25rem .5rem;border:1px solid #bbb;border-radius:4px;min-width:16rem}'
  + '.site button{font:inherit;padding:.25rem .6rem;border:1px solid #bbb;border-radius:4px;background:#f8f8f8;cursor:pointer}';

/**
 * The bar as HTML. `query` prefills the search box (escaped); `session` adds a hidden `session:<id>` scope
 * to the search (a session page's "search in this session").
 */
export function siteNav(active: SiteSection, options: { query?: string; sessionId?: string } = {}): string {
  const link = (section: SiteSection, href: string, label: string) =>
    `<a href="${href}"${section === active ? ' aria-current="page"' : ''}>${label}</a>`;
  const scope = options.sessionId !== undefined ? `<input type="hidden" name="session" value="${escapeHtml(options.sessionId)}">` : '';
  const placeholder = options.sessionId !== undefined ? 'Search this session' : 'Search sessions';
  return `<nav class="site" aria-label="Kap"><a class="brand" href="/">Kap</a>${link('sessions', '/', 'Sessions')}${link('usage', '/usage', 'Usage')}`
    + `<form method="get" action="/search" role="search">${scope}<input type="search" name="q" value="${escapeHtml(options.query ?? '')}" placeholder="${placeholder}" aria-label="${placeholder}"><button type="submit">Search</button></form></nav>`;
}
