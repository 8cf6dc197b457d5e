/**
 * What an agent can ask about earlier sessions (the recall MCP server, `kap mcp`, mcp/), on the ingest API
 * behind its bearer token. Every answer is for the request's reader (ingest/requestReader.ts: the token's
 * holder, or the person a `kap-reader-identity` header names) through the access gate, the one visibility
 * rule; a session the reader may not read is answered as unknown (404), so its existence does not leak.
 *
 *   GET /v1/recall/sessions?repo=&branch=&limit=10     { sessions: [RecallSession] } newest activity first
 *   GET /v1/recall/sessions/:id                        { session: RecallSession } (:id may be a unique prefix)
 *   GET /v1/recall/sessions/:id/recap                  { recap, markdown, cached } (workers/recapService.ts)
 *   GET /v1/recall/sessions/:id/turns/:turn?offset&limit   TurnView (recall/turnView.ts)
 * Errors: 400 INVALID_SESSION_ID / INVALID_LIMIT / INVALID_TURN / INVALID_READER, 403 NOT_LINKED,
 * 404 SESSION_NOT_FOUND / TURN_NOT_FOUND / NO_RECAPS, 409 AMBIGUOUS_PREFIX.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../access/access.js';
import { readableSummaries } from '../access/readableSummaries.js';
import type { Reader } from '../access/sessionAccess.js';
import { isSessionId } from '../events/ingestBatch.js';
import type { ProjectionStateStore } from '../projections/projection.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { initialTimeline } from '../projections/sessionTimeline.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { recallSession } from '../recall/recallSession.js';
import type { RecallSession } from '../recall/recallSession.js';
import { turnView } from '../recall/turnView.js';
import { recapToMarkdown } from '../recaps/recapMarkdown.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { RecapResult } from '../workers/recapService.js';
import { invalidSessionId, sendError, sessionNotFound } from './errorReply.js';
import { requestReader } from './requestReader.js';

export interface RecallRouteDeps {
  readModel: SessionReadModel;
  timelines: Pick<ProjectionStateStore<SessionTimeline>, 'get'> | undefined;
  access: Access | undefined;
  /** A session's recap (reused while the session has not moved on); absent: 404 NO_RECAPS. */
  recap: ((sessionId: string) => Promise<RecapResult>) | undefined;
  sessionLink: ((sessionId: string) => string) | undefined;
}

/** Sessions one list looks through for the reader's (newest first) before filtering by branch and access. */
const LIST_SCAN = 2_000;

export function registerRecallRoutes(api: FastifyInstance, deps: RecallRouteDeps): void {
  const view = (summary: SessionSummary): RecallSession => recallSession(summary, deps.sessionLink?.(summary.sessionId) ?? null);

  /** The reader, or undefined after answering the error. */
  const readerOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Reader | undefined> => {
    const resolved = await requestReader(request, deps.access);
    if (resolved.ok) return resolved.reader;
    void sendError(reply, resolved.status, resolved.code, resolved.message);
    return undefined;
  };

  /** The session `:id` names (exactly, or as a unique prefix) if the reader may read it, else the error answered. */
  const sessionFor = async (id: string, reader: Reader, reply: FastifyReply): Promise<SessionSummary | undefined> => {
    if (!isSessionId(id)) return void invalidSessionId(reply);
    const exact = (await deps.readModel.get(id))?.summary;
    const candidates = exact ? [exact] : await deps.readModel.list({ idPrefix: id, limit: 20 });
    const readable = await readableSummaries(deps.access?.gate, candidates, [reader]);
    if (readable.length === 0) return void sessionNotFound(reply, id);
    if (readable.length > 1) {
      return void sendError(reply, 409, 'AMBIGUOUS_PREFIX', `${id} starts ${readable.length} sessions: ${readable.map((s) => s.sessionId).join(', ')}`);
    }
    return readable[0];
  };

  api.get<{ Querystring: Record<string, unknown> }>('/v1/recall/sessions', async (request, reply) => {
    const reader = await readerOf(request, reply);
    if (!reader) return reply;
    const { repo, branch, limit: rawLimit } = request.query;
    const limit = rawLimit === undefined ? 10 : typeof rawLimit === 'string' && /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= 100)) return sendError(reply, 400, 'INVALID_LIMIT', 'limit: a whole number from 1 to 100');
    if ((repo !== undefined && typeof repo !== 'string') || (branch !== undefined && typeof branch !== 'string')) {
      return sendError(reply, 400, 'INVALID_FILTER', 'repo and branch: one value each');
    }
    const listed = await deps.readModel.list({ ...(repo ? { repo } : {}), limit: LIST_SCAN });
    const onBranch = branch ? listed.filter((summary) => summary.branch === branch) : listed;
    return { sessions: (await readableSummaries(deps.access?.gate, onBranch, [reader], limit)).map(view) };
  });

  api.get<{ Params: { id: string } }>('/v1/recall/sessions/:id', async (request, reply) => {
    const reader = await readerOf(request, reply);
    const summary = reader && (await sessionFor(request.params.id, reader, reply));
    if (!summary) return reply;
    return { session: view(summary) };
  });

  api.get<{ Params: { id: string } }>('/v1/recall/sessions/:id/recap', async (request, reply) => {
    const reader = await readerOf(request, reply);
    const summary = reader && (await sessionFor(request.params.id, reader, reply));
    if (!summary) return reply;
    if (!deps.recap) return sendError(reply, 404, 'NO_RECAPS', 'this Kap process makes no recaps');
    const result = await deps.recap(summary.sessionId);
    if (!result.ok) return sessionNotFound(reply, summary.sessionId);
    return { sessionId: summary.sessionId, recap: result.record, markdown: recapToMarkdown(result.record, result.summary), cached: result.cached };
  });

  api.get<{ Params: { id: string; turn: string }; Querystring: { offset?: string; limit?: string } }>('/v1/recall/sessions/:id/turns/:turn', async (request, reply) => {
    const reader = await readerOf(request, reply);
    const summary = reader && (await sessionFor(request.params.id, reader, reply));
    if (!summary) return reply;
    const turn = /^\d{1,6}$/.test(request.params.turn) ? Number(request.params.turn) : NaN;
    const offset = Number(request.query.offset ?? 0);
    const limit = Number(request.query.limit ?? 20);
    if (!Number.isInteger(turn) || !Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) {
      return sendError(reply, 400, 'INVALID_TURN', 'turn, offset, limit: whole numbers (turn ≥ 0, offset ≥ 0, limit ≥ 1)');
    }
    const timeline = (await deps.timelines?.get(summary.sessionId)) ?? initialTimeline(summary.sessionId);
    const answer = turnView(timeline, turn, offset, limit);
    if (!answer) return sendError(reply, 404, 'TURN_NOT_FOUND', `session ${summary.sessionId} has no turn ${turn} (turns 1 to ${summary.prompts})`);
    return answer;
  });
}
