/**
 * The ingest HTTP app (Fastify). Thin transport: parse, authenticate, call one handler, map its outcome.
 *   POST /v1/events          one batch (events/ingestBatch.ts) as JSON, or as NDJSON (events/ndjsonBatch.ts)
 *                            → 200 { appended, skipped, revision }
 *   GET  /v1/sessions        { sessions, total }: summaries, most recent first (?repo=owner/name&prefix=<id
 *                            start>&limit=50, at most 1000: ingest/sessionListQuery.ts), each with its
 *                            effective `visibility` (owners are not resolved for a list: that could ask Slack
 *                            once per row; `GET /v1/sessions/:id` has the owner); `total` counts every match
 *   GET  /v1/sessions/:id    one summary with `owner`, `visibility`, `visibilitySet`, `sharedWith`
 *                            (ingest/sessionView.ts), 404 when unknown
 *   GET  /v1/sessions/:id/link   { url }: a signed link to the session's page
 *   POST /v1/sessions/:id/visibility  share or hide → { sessionId, visibility } (ingest/accessRoutes.ts)
 *   POST /v1/identity/link   redeem a `/kap link` code for a machine's identity → { slackUserId }
 *   POST /v1/approvals       a local session's PermissionRequest asked in Slack (ingest/approvalRoutes.ts)
 *   GET  /v1/recall/...      what an agent may recall: recent sessions, a session, its recap, one turn
 *                            (ingest/recallRoutes.ts; read as a `kap-reader-identity` person: ingest/requestReader.ts)
 *   GET  /v1/search?q=…     hits across sessions (ingest/searchRoute.ts, query syntax search/searchQuery.ts)
 *   GET  /v1/projections/errors  { count, errors }: events a projection could not fold and skipped, newest
 *                            first (?limit=20, at most 200), for `kap doctor`
 *   GET  /healthz            200 { ok: true } (or degraded, ingest/healthRoute.ts) without auth
 * Errors: `{ error: { code, message, itemIndex? } }` with 400 (bad JSON, bad UTF-8, JSON nested too deep,
 * bad fields, a session id `SessionId` refuses, a list's bad `limit` / `prefix` / `repo`), 401 (missing or
 * wrong bearer token), 403/404/409/410 (the access routes: ingest/accessRoutes.ts), 409 (the stream moved
 * on), 413 (body over the limit, or one line over 1 MiB), 500 `INTERNAL` (the store failed). README "Ingest errors" lists every code.
 */
import { isUtf8 } from 'node:buffer';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { isSessionId } from '../events/ingestBatch.js';
import { jsonTextTooDeep, MAX_JSON_DEPTH } from '../events/jsonDepth.js';
import { decodeNdjsonBody, NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';
import type { Access } from '../access/access.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { registerAccessRoutes } from './accessRoutes.js';
import { registerApprovalRoutes } from './approvalRoutes.js';
import { registerSearchRoute } from './searchRoute.js';
import { registerRecallRoutes } from './recallRoutes.js';
import type { RecallRouteDeps } from './recallRoutes.js';
import type { SearchIndex } from '../search/searchIndex.js';
import type { AskApproval } from './approvalRoutes.js';
import { invalidSessionId, sendError, sessionNotFound } from './errorReply.js';
import type { HealthReport } from './healthRoute.js';
import { registerHealthRoute } from './healthRoute.js';
import { KAP_SERVER_OPTIONS } from './serverOptions.js';
import { ingestBatch } from './ingestHandler.js';
import { parseSessionListQuery } from './sessionListQuery.js';
import { sessionView } from './sessionView.js';
import { bearerToken, tokenMatches } from './token.js';

export interface IngestAppOptions {
  store: EventStore;
  readModel: SessionReadModel;
  /** The bearer token clients must present. */
  token: string;
  /** Largest request body in bytes. Default 32 MiB. */
  bodyLimitBytes?: number;
  /** A signed link to a session's page (web/linkSigner.ts), for `GET /v1/sessions/:id/link`. */
  sessionLink?: (sessionId: string) => string;
  /** A pino logger; default silent. */
  logger?: FastifyBaseLogger;
  /** Who may see what (access/): owners and visibility in `GET /v1/sessions/:id`, sharing and identity links. */
  access?: Access;
  /** What `GET /healthz` answers, asked at each request. Default: whole. */
  health?: () => HealthReport;
  /** The clock of the events the access routes record. Default `() => new Date()`. */
  now?: () => Date;
  /** Remote approvals (`POST /v1/approvals`, ingest/approvalRoutes.ts); undefined: 404 NO_APPROVALS. */
  askApproval?: AskApproval;
  /** Session timelines, for recall's turns (`GET /v1/recall/...`, ingest/recallRoutes.ts). */
  timelines?: RecallRouteDeps['timelines'];
  /** A session's recap for recall; undefined: 404 NO_RECAPS. */
  recap?: RecallRouteDeps['recap'];
  /** The search index (`GET /v1/search`); undefined: 404 NO_SEARCH. */
  search?: SearchIndex;
}

/** How deep a JSON body may nest: a payload sits 3 levels down (`{ items: [ { payload } ] }`). */
const MAX_BODY_DEPTH = MAX_JSON_DEPTH + 3;

/** Decodes UTF-8, refusing invalid bytes (Fastify's parser would replace them silently). */
function strictUtf8(body: Buffer): string | undefined {
  return isUtf8(body) ? body.toString('utf8') : undefined;
}

class BadBodyError extends Error {
  constructor(
    readonly code: 'INVALID_UTF8' | 'INVALID_JSON' | 'INVALID_NDJSON' | 'JSON_TOO_DEEP',
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

/** Builds (does not start) the ingest app; test it with `app.inject()`. */
export function buildIngestApp(options: IngestAppOptions): FastifyInstance {
  const app = Fastify({
    ...KAP_SERVER_OPTIONS,
    bodyLimit: options.bodyLimitBytes ?? 32 * 1024 * 1024,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
  });

  // Fastify's default JSON parser replaces invalid UTF-8 silently; Kap refuses it instead.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const text = strictUtf8(body as Buffer);
    if (text === undefined) {
      done(new BadBodyError('INVALID_UTF8', 'the body is not valid UTF-8'), undefined);
      return;
    }
    // JSON.parse takes any depth; what runs after it does not (events/jsonDepth.ts).
    if (jsonTextTooDeep(text, MAX_BODY_DEPTH)) {
      done(new BadBodyError('JSON_TOO_DEEP', `the body nests JSON deeper than ${MAX_BODY_DEPTH} levels: a hook payload or transcript line may nest at most ${MAX_JSON_DEPTH}`), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new BadBodyError('INVALID_JSON', `the body is not JSON: ${(error as Error).message}`), undefined);
    }
  });

  // The body stays bytes: each transcript line is decoded once, by the handler that parses it.
  app.addContentTypeParser(NDJSON_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    if (!isUtf8(body as Buffer)) {
      done(new BadBodyError('INVALID_UTF8', 'the body is not valid UTF-8'), undefined);
      return;
    }
    const decoded = decodeNdjsonBody(body as Buffer);
    if (decoded.ok) done(null, decoded.batch);
    else if (decoded.code === 'JSON_TOO_DEEP') done(new BadBodyError('JSON_TOO_DEEP', decoded.message), undefined);
    else done(new BadBodyError('INVALID_NDJSON', `the body is not an NDJSON batch: ${decoded.message}`), undefined);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof BadBodyError) return sendError(reply, error.statusCode, error.code, error.message);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'BODY_TOO_LARGE', error.message);
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, error.code ?? 'BAD_REQUEST', error.message);
    request.log.error({ err: error }, 'ingest failed');
    return sendError(reply, 500, 'INTERNAL', 'the ingest failed; nothing was stored, retry later');
  });

  registerHealthRoute(app, options.health);

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const presented = bearerToken(request.headers.authorization);
      if (!presented || !tokenMatches(presented, options.token)) {
        reply.header('www-authenticate', 'Bearer realm="kap"');
        return sendError(reply, 401, presented ? 'WRONG_TOKEN' : 'MISSING_TOKEN', 'present the token `kap serve` prints as `Authorization: Bearer <token>`');
      }
    });

    api.post('/v1/events', async (request, reply) => {
      const outcome = await ingestBatch(options.store, request.body);
      if (!outcome.ok) return sendError(reply, outcome.status, outcome.code, outcome.message, outcome.itemIndex);
      return { appended: outcome.appended, skipped: outcome.skipped, revision: outcome.revision };
    });

    api.get<{ Querystring: { limit?: string } }>('/v1/projections/errors', async (request) => {
      const limit = Math.min(Math.max(Number(request.query.limit ?? 20) || 20, 1), 200);
      const [count, errors] = await Promise.all([options.readModel.countProjectionErrors(), options.readModel.projectionErrors(undefined, limit)]);
      return { count, errors };
    });

    api.get<{ Querystring: Record<string, unknown> }>('/v1/sessions', async (request, reply) => {
      const parsed = parseSessionListQuery(request.query);
      if (!parsed.ok) return sendError(reply, 400, parsed.code, parsed.message);
      const { limit: _limit, ...filter } = parsed.query;
      const [sessions, total] = await Promise.all([options.readModel.list(parsed.query), options.readModel.count(filter)]);
      const access = options.access;
      if (!access) return { sessions, total };
      return { sessions: await Promise.all(sessions.map(async (summary) => ({ ...summary, visibility: access.gate.visibilityOf(summary) }))), total };
    });

    api.get<{ Params: { id: string } }>('/v1/sessions/:id/link', async (request, reply) => {
      if (!isSessionId(request.params.id)) return invalidSessionId(reply);
      if (!options.sessionLink) return sendError(reply, 404, 'NO_SESSION_PAGES', 'this Kap serves no session pages');
      if (!(await options.readModel.get(request.params.id))) return sessionNotFound(reply, request.params.id);
      return { url: options.sessionLink(request.params.id) };
    });

    api.get<{ Params: { id: string } }>('/v1/sessions/:id', async (request, reply) => {
      if (!isSessionId(request.params.id)) return invalidSessionId(reply);
      if (options.access) {
        // The token holder reads every session (access/sessionAccess.ts); the gate resolves its owner.
        const answer = await options.access.gate.read(request.params.id, { kind: 'token' });
        if (answer.kind === 'unknown') return sessionNotFound(reply, request.params.id);
        return sessionView(answer.summary, answer.access);
      }
      const state = await options.readModel.get(request.params.id);
      if (!state) return sessionNotFound(reply, request.params.id);
      return state.summary;
    });

    registerAccessRoutes(api, { store: options.store, access: options.access, now: options.now ?? (() => new Date()) });
    registerApprovalRoutes(api, options.askApproval);
    registerRecallRoutes(api, { readModel: options.readModel, timelines: options.timelines, access: options.access, recap: options.recap, sessionLink: options.sessionLink });
    registerSearchRoute(api, { search: options.search, readModel: options.readModel, access: options.access, sessionLink: options.sessionLink });
  });

  return app;
}
