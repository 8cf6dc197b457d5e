/**
 * The start of every page of one session (the session, its files, one tool's output) up to and with
 * `<main>`: the Content-Security-Policy `<meta>` the route also sends (so even markup that slipped through
 * could not run), viewport, no referrer, the title, the session styles and the site bar scoped to the
 * session. The caller closes `</main></body></html>`.
 */
import { escapeHtml } from './html.js';
import { META_CSP } from './metaCsp.js';
import { SITE_NAV_CSS, siteNav } from './siteNav.js';
import { SESSION_PAGE_CSS } from './styles.js';

export interface SessionPageHeadInput {
  /** Text of `<title>`, before " · Kap"; escaped here. */
  title: string;
  sessionId: string;
  /** Extra CSS for this page, after the session styles. */
  css?: string;
  /** A script from `/assets/` by file name (`replay.js`), loaded as a module. */
  script?: string;
  /** Attributes of `<body>`, already escaped (`data-revision="3"`). */
  bodyAttributes?: string;
}

export function sessionPageHead(input: SessionPageHeadInput): string {
  const css = input.css !== undefined ? `\n${input.css}` : '';
  const script = input.script !== undefined ? `<script type="module" src="/assets/${encodeURIComponent(input.script)}"></script>\n` : '';
  const body = input.bodyAttributes !== undefined && input.bodyAttributes !== '' ? `<body ${input.bodyAttributes}>` : '<body>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${META_CSP}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(input.title)} · Kap</title>
<style>${SITE_NAV_CSS}\n${SESSION_PAGE_CSS}${css}</style>
${script}</head>
${body}
${siteNav('session', { sessionId: input.sessionId })}
<main>
`;
}
