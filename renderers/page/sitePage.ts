/**
 * The frame of Kap's list pages (the index `/` and team usage `/usage`): the site bar, the signed-in bar for
 * a person, a main column and, when asked, one module script from `/assets/` (web/assetRoutes.ts; the pages
 * work without it). Every text is escaped by the caller or here; no inline script (the CSP allows none).
 */
import { signedInBar } from '../webPage.js';
import type { SignedInPerson } from '../webPage.js';
import { escapeHtml } from './html.js';
import { SITE_NAV_CSS, siteNav } from './siteNav.js';
import type { SiteSection } from './siteNav.js';

export const LIST_PAGE_CSS =
  'body{margin:0;font:14px/1.45 system-ui,-apple-system,sans-serif;color:#1d1c1d;background:#fff}'
  + 'main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}'
  + 'a{color:#1264a3}.muted{color:#616061}'
  + 'form.filters{display:flex;flex-wrap:wrap;gap:.5rem .9rem;align-items:flex-end;padding:.75rem;background:#f8f8f8;border:1px solid #e8e8e8;border-radius:6px}'
  + 'form.filters label{display:flex;flex-direction:column;font-size:12px;color:#616061;gap:.15rem}'
  + 'form.filters select,form.filters input{font:inherit;padding:.2rem .35rem;border:1px solid #bbb;border-radius:4px;background:#fff}'
  + 'form.filters button{font:inherit;padding:.3rem .8rem;border:1px solid #1264a3;border-radius:4px;background:#1264a3;color:#fff;cursor:pointer}'
  + '.problems{border:1px solid #e01e5a;background:#fdf0f4;padding:.5rem 1rem;border-radius:6px;margin:1rem 0}'
  + 'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eee;vertical-align:top}'
  + 'th{font-size:12px;color:#616061;font-weight:600}tbody th{font-size:inherit;color:inherit;font-weight:500}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}'
  + '.notice{padding:.5rem 1rem;background:#e8f5fa;border:1px solid #1264a3;border-radius:6px}';

export interface SitePageInput {
  /** Text of `<title>`. */
  title: string;
  section: SiteSection;
  /** The main column's markup, already escaped. */
  mainHtml: string;
  /** Extra CSS for this page. */
  css?: string;
  /** A script from `/assets/` by file name (`index.js`), loaded as a module. */
  script?: string;
  person?: SignedInPerson | undefined;
}

export function sitePage(input: SitePageInput): string {
  const script = input.script !== undefined ? `<script type="module" src="/assets/${encodeURIComponent(input.script)}"></script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">`
    + `<title>${escapeHtml(input.title)} · Kap</title><style>${SITE_NAV_CSS}${LIST_PAGE_CSS}${input.css ?? ''}</style>${script}</head>`
    + `<body>${input.person ? signedInBar(input.person) : ''}${siteNav(input.section)}<main>${input.mainHtml}</main></body></html>`;
}

/** A list of problems with the page's query (validation messages), as an alert box. */
export function problemsBox(problems: readonly string[]): string {
  return `<div class="problems" role="alert"><p><strong>These filters could not be used:</strong></p><ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`;
}
