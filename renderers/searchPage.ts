/**
 * The search page (`GET /search?q=…`): a form that works without JavaScript and the hits grouped by session
 * (sessions in the order of their best hit), each hit a deep link to the session page at its turn or tool
 * call (`/s/<id>#turn-N`, `#tool-<id>`). Every text is escaped; a snippet's match marks (U+E000 … U+E001,
 * search/searchTokens.ts) become `<mark>` after escaping, so a document cannot inject markup.
 */
import type { SessionHit } from '../search/searchSessions.js';
import { MARK_END, MARK_START } from '../search/searchTokens.js';
import { escapeHtml } from './page/html.js';
import type { SignedInPerson } from './webPage.js';
import { signedInControl } from './webPage.js';

export interface SearchPageInput {
  /** The query as typed ('' before any search). */
  q: string;
  /** Search within this session only (`&session=<id>`), else undefined. */
  session?: string | undefined;
  /** What went wrong with the query, shown instead of results. */
  problem?: string | undefined;
  hits: readonly SessionHit[];
  more: boolean;
  offset: number;
  limit: number;
  person?: SignedInPerson | undefined;
}

const KIND_LABEL: Record<SessionHit['kind'], string> = { prompt: 'Prompt', assistant: 'Claude', tool_input: 'Tool call', tool_output: 'Tool output' };

const STYLE = [
  'body{font-family:system-ui,-apple-system,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.45}',
  'form{display:flex;gap:.5rem;margin-bottom:1rem}input[type=search]{flex:1;font:inherit;padding:.4rem .6rem;border:1px solid #bbb;border-radius:6px}',
  'button{font:inherit;padding:.4rem .9rem;border-radius:6px;border:1px solid #1264a3;background:#1264a3;color:#fff}',
  '.session{margin:1.4rem 0;border-top:1px solid #ddd;padding-top:.6rem}.session h2{font-size:1.05rem;margin:.2rem 0}.meta{color:#616061;font-size:.85rem}',
  '.hit{display:block;margin:.45rem 0;padding:.35rem .6rem;border-radius:6px;background:#f6f6f6;color:inherit;text-decoration:none}.hit:hover{background:#eef4fb}',
  '.kind{font-size:.75rem;font-weight:600;color:#616061;text-transform:uppercase;margin-right:.5rem}mark{background:#fde68a;color:inherit;padding:0 1px}',
  '.problem{color:#a11}.syntax{color:#616061;font-size:.85rem}.pages a{margin-right:1rem}',
].join('');

/** A snippet as HTML: escaped, its marks as `<mark>`. */
export function snippetHtml(snippet: string): string {
  let out = '';
  let open = false;
  for (const part of snippet.split(/([\uE000\uE001])/)) {
    if (part === MARK_START && !open) {
      out += '<mark>';
      open = true;
    } else if (part === MARK_END && open) {
      out += '</mark>';
      open = false;
    } else if (part !== MARK_START && part !== MARK_END) {
      out += escapeHtml(part);
    }
  }
  return open ? `${out}</mark>` : out;
}

const searchHref = (q: string, session: string | undefined, offset: number) =>
  `/search?q=${encodeURIComponent(q)}${session ? `&amp;session=${encodeURIComponent(session)}` : ''}${offset > 0 ? `&amp;offset=${offset}` : ''}`;

/**
 * The "search in this session" form for the session page: a GET to `/search` with the session's id in a hidden
 * field (works without JavaScript; a CSP that sets `form-action` must allow 'self').
 */
export function sessionSearchForm(sessionId: string): string {
  return `<form class="session-search" method="get" action="/search" role="search"><input type="hidden" name="session" value="${escapeHtml(sessionId)}"><input type="search" name="q" placeholder="Search in this session" aria-label="Search in this session"><button type="submit">Search</button></form>`;
}

export function renderSearchPage(input: SearchPageInput): string {
  const groups = new Map<string, SessionHit[]>();
  for (const hit of input.hits) {
    const group = groups.get(hit.sessionId);
    if (group) group.push(hit);
    else groups.set(hit.sessionId, [hit]);
  }
  const sections = [...groups].map(([sessionId, hits]) => {
    const first = hits[0]!;
    const page = `/s/${encodeURIComponent(sessionId)}`;
    const meta = [first.repo, first.branch, sessionId].filter((x): x is string => x !== null).map(escapeHtml).join(' · ');
    const items = hits
      .map((hit) => {
        const where = hit.kind === 'tool_input' || hit.kind === 'tool_output' ? `${KIND_LABEL[hit.kind]}${hit.toolName ? ` ${hit.toolName}` : ''}` : KIND_LABEL[hit.kind];
        return `<a class="hit" href="${page}#${escapeHtml(encodeURIComponent(hit.anchor))}" data-anchor="${escapeHtml(hit.anchor)}"><span class="kind">${escapeHtml(where)} · turn ${hit.turn}</span>${snippetHtml(hit.snippet)}</a>`;
      })
      .join('');
    return `<section class="session" data-session-id="${escapeHtml(sessionId)}"><h2><a href="${page}">${escapeHtml(first.title ?? sessionId)}</a></h2><div class="meta">${meta}</div>${items}</section>`;
  });
  let body: string;
  if (input.problem !== undefined) body = `<p class="problem">${escapeHtml(input.problem)}</p>`;
  else if (input.q === '') body = '';
  else if (input.hits.length === 0) body = `<p>Nothing found${input.offset > 0 ? ' on this page' : ''}.</p>`;
  else body = sections.join('');
  const pages = [
    input.offset > 0 ? `<a href="${searchHref(input.q, input.session, Math.max(0, input.offset - input.limit))}" rel="prev">← Previous</a>` : '',
    input.more ? `<a href="${searchHref(input.q, input.session, input.offset + input.limit)}" rel="next">Next →</a>` : '',
  ].join('');
  const title = input.q === '' ? 'Search' : `${input.q} · Search`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Kap</title><style>${STYLE}</style></head><body>
<h1>Search sessions</h1>
<form method="get" action="/search" role="search">${input.session ? `<input type="hidden" name="session" value="${escapeHtml(input.session)}">` : ''}<input type="search" name="q" value="${escapeHtml(input.q)}" aria-label="Search" autofocus><button type="submit">Search</button></form>
${input.session ? `<p class="syntax">Within session <a href="/s/${encodeURIComponent(input.session)}">${escapeHtml(input.session)}</a> · <a href="${searchHref(input.q, undefined, 0)}">search every session</a></p>` : ''}
<p class="syntax">Words, "a phrase", prefix*, and filters: repo:owner/name user: kind:prompt|assistant|tool tool:Bash session: status: after:YYYY-MM-DD before:YYYY-MM-DD</p>
<main id="results">${body}</main>
<nav class="pages">${pages}</nav>
${input.person ? signedInControl(input.person) : ''}
</body></html>`;
}
