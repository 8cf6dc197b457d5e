/**
 * `GET /v1/search?q=<query>&limit=20&offset=0` on the ingest API (behind its bearer token): hits across the
 * sessions the token holder may read (the gate's `token` reader: every session, access/sessionAccess.ts),
 * best first, each with its session's title, repo and branch and a deep link (`url`: the session page link,
 * signed when Kap signs links, plus `#<anchor>`).
 *
 *   200 { hits: [{ sessionId, turn, anchor, kind, toolName, at, snippet, score, title, repo, branch, url }], more, sessions }
 *   400 { error: { code } }  EMPTY_QUERY, UNBALANCED_QUOTE, UNKNOWN_FILTER, BAD_FILTER_VALUE, QUERY_TOO_LONG (search/searchQuery.ts)
 *   404 NO_SEARCH            this Kap keeps no search index
 *
 * Snippets mark matches with U+E000 … U+E001 (search/searchTokens.ts); clients escape, then highlight.
 */
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access/access.js';
import { parseSearchQuery } from '../search/searchQuery.js';
import { searchSessions } from '../search/searchSessions.js';
import type { SearchIndex } from '../search/searchIndex.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { sendError } from './errorReply.js';
import { requestReader } from './requestReader.js';

export interface SearchRouteDeps {
  search: SearchIndex | undefined;
  readModel: SessionReadModel;
  access: Access | undefined;
  /** The session page's link (web/linkSigner.ts); absent: hits carry no url. */
  sessionLink: ((sessionId: string) => string) | undefined;
}

export function registerSearchRoute(api: FastifyInstance, deps: SearchRouteDeps): void {
  api.get<{ Querystring: { q?: unknown; limit?: unknown; offset?: unknown } }>('/v1/search', async (request, reply) => {
    if (!deps.search) return sendError(reply, 404, 'NO_SEARCH', 'this Kap keeps no search index');
    const parsed = parseSearchQuery(typeof request.query.q === 'string' ? request.query.q : '');
    if (!parsed.ok) return sendError(reply, 400, parsed.code, parsed.message);
    // The token's holder, or the person a `kap-reader-identity` header narrows it to (the recall MCP server).
    const who = await requestReader(request, deps.access);
    if (!who.ok) return sendError(reply, who.status, who.code, who.message);
    const result = await searchSessions(
      { index: deps.search, readModel: deps.readModel, gate: deps.access?.gate },
      parsed.query,
      who.reader,
      { limit: Number(request.query.limit ?? 20), offset: Number(request.query.offset ?? 0) },
    );
    const link = deps.sessionLink;
    return { ...result, hits: result.hits.map((hit) => ({ ...hit, url: link ? `${link(hit.sessionId)}#${encodeURIComponent(hit.anchor)}` : null })) };
  });
}
