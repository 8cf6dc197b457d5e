/**
 * `GET /search?q=…&offset=` on the bot's HTTP server: the search page (renderers/searchPage.ts), server
 * rendered, no script. Who is reading is decided as for `/s/:id` (web/pageReader.ts): without Slack, a
 * request from this machine reads as the local user (there is no signed link for a search, so from
 * elsewhere it is refused); with Slack, a signed-in person (else sign in first). Every session in the
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
import { isLocalRequest, pageReader } from './pageReader.js';
import { loginPath, sendPage, SIGN_IN_UNCONFIGURED, webSessionOf } from './signInRoutes.js';

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
    const who = await pageReader({
      local: deps.access?.local ?? true,
      fromThisMachine: isLocalRequest(request.socket.remoteAddress, request.headers),
      checkLink: () => 'bad_signature',
      signInConfigured: deps.signIn !== undefined,
      webSession: () => webSessionOf(request, deps.signIn?.sessions),
    });
    switch (who.kind) {
      case 'link_refused':
        return sendPage(reply, 403, messagePage('Search opens on the machine Kap runs on, or after signing in with Slack.'));
      case 'sign_in_unconfigured':
        return sendPage(reply, 403, messagePage(SIGN_IN_UNCONFIGURED));
      case 'sign_in':
        return reply.header('cache-control', 'no-store').redirect(loginPath(`/search?q=${encodeURIComponent(q)}${session ? `&session=${encodeURIComponent(session)}` : ''}`), 302);
      case 'reader':
        break;
    }
    const base = { q, session, offset, limit: WEB_SEARCH_LIMIT, person: who.person, hits: [], more: false };
    if (!deps.search) return sendPage(reply, 404, messagePage('This Kap keeps no search index.', who.person));
    if (q.trim() === '') return sendPage(reply, 200, renderSearchPage(base));
    const parsed = parseSearchQuery(session ? `${q} session:${session}` : q);
    if (!parsed.ok) return sendPage(reply, 200, renderSearchPage({ ...base, problem: parsed.message }));
    const found = await searchSessions({ index: deps.search, readModel: deps.readModel, gate: deps.access?.gate }, parsed.query, who.reader, { limit: WEB_SEARCH_LIMIT, offset });
    return sendPage(reply, 200, renderSearchPage({ ...base, hits: found.hits, more: found.more }));
  });
}
