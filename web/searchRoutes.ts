/**
 * `GET /search?q=…&offset=` on the bot's HTTP server: the search page (renderers/searchPage.ts), server
 * rendered, no script. Who is reading is decided as for every list (web/listReader.ts, the session page's
 * rule without signed links): without Slack, a request from this machine reads as the local user; with
 * Slack, a signed-in person (else sign in first). Every session in the
 * results passed the access gate for that reader (search/searchSessions.ts), the same rule as the pages.
 * A bad query is shown on the page (200 with the problem). Search within one session: `&session=<id>`
 * (what the session page's search form sends: `sessionSearchForm`) adds the filter `session:<id>`.
 */
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access/access.js';
import { messagePage } from '../renderers/webPage.js';
import { renderSearchPage } from '../renderers/searchPage.js';
import { parseSearchQuery } from '../search/searchQuery.js';
import type { SearchIndex } from '../search/searchIndex.js';
import { searchSessions } from '../search/searchSessions.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { isSessionId } from '../events/ingestBatch.js';
import { listReader } from './listReader.js';
import { sendPage } from './signInRoutes.js';

/** Hits per page of the web search. */
export const WEB_SEARCH_LIMIT = 30;

export interface SearchRoutesDeps {
  search?: SearchIndex | undefined;
  readModel: SessionReadModel;
  access?: Access | undefined;
  signIn?: { sessions: WebSessionStore } | undefined;
}

/** Registers `/search` on `app` (inside the web plugin: cookies parsed). */
export function registerSearchRoutes(app: FastifyInstance, deps: SearchRoutesDeps): void {
  app.get<{ Querystring: { q?: unknown; offset?: unknown; session?: unknown } }>('/search', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q : '';
    const session = typeof request.query.session === 'string' && isSessionId(request.query.session) ? request.query.session : undefined;
    const offset = Math.max(0, Math.trunc(Number(typeof request.query.offset === 'string' ? request.query.offset : 0)) || 0);
    const next = `/search?q=${encodeURIComponent(q)}${session ? `&session=${encodeURIComponent(session)}` : ''}`;
    const who = await listReader(request, reply, { local: deps.access?.local ?? true, signIn: deps.signIn }, { path: next, redirect: true });
    if (!who) return reply;
    const base = { q, session, offset, limit: WEB_SEARCH_LIMIT, person: who.person, hits: [], more: false };
    if (!deps.search) return sendPage(reply, 404, messagePage('This Kap keeps no search index.', who.person));
    if (q.trim() === '') return sendPage(reply, 200, renderSearchPage(base));
    const parsed = parseSearchQuery(session ? `${q} session:${session}` : q);
    if (!parsed.ok) return sendPage(reply, 200, renderSearchPage({ ...base, problem: parsed.message }));
    const found = await searchSessions({ index: deps.search, readModel: deps.readModel, gate: deps.access?.gate }, parsed.query, who.reader, { limit: WEB_SEARCH_LIMIT, offset });
    return sendPage(reply, 200, renderSearchPage({ ...base, hits: found.hits, more: found.more }));
  });
}
