/**
 * Fastify options every Kap HTTP server shares (the ingest app, and the health-only app of other roles,
 * which the bot's session pages and card images may share).
 */
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's router answers 414 to a path parameter over 100 characters by default, below the 128 of a
 * session id (events/ingestBatch.ts `SESSION_ID_MAX_LENGTH`). The router limit is lifted to what Node's
 * HTTP parser lets through anyway (its 16 KiB header limit bounds the request line), so every route sees
 * its parameter and answers with the session id rule itself: the one limit lives in `SessionId`.
 */
export const MAX_PARAM_LENGTH = 16 * 1024;

export const KAP_SERVER_OPTIONS = { routerOptions: { maxParamLength: MAX_PARAM_LENGTH } } as const satisfies FastifyServerOptions;
