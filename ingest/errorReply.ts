/**
 * The ingest's error replies: `{ error: { code, message, itemIndex? } }` with an HTTP status. Every route
 * answers errors this way (README "Ingest errors" lists the codes).
 */
import type { FastifyReply } from 'fastify';
import { SESSION_ID_MAX_LENGTH } from '../events/ingestBatch.js';

export function sendError(reply: FastifyReply, status: number, code: string, message: string, itemIndex?: number): FastifyReply {
  return reply.code(status).send({ error: itemIndex === undefined ? { code, message } : { code, message, itemIndex } });
}

/** The answer to a path whose session id `SessionId` refuses: no session can have it (400 `INVALID_SESSION_ID`). */
export function invalidSessionId(reply: FastifyReply): FastifyReply {
  return sendError(reply, 400, 'INVALID_SESSION_ID', `not a session id: letters, digits, . _ - (at most ${SESSION_ID_MAX_LENGTH}), starting with a letter or digit`);
}

/** 404 `SESSION_NOT_FOUND`. */
export function sessionNotFound(reply: FastifyReply, sessionId: string): FastifyReply {
  return sendError(reply, 404, 'SESSION_NOT_FOUND', `no session ${sessionId}`);
}
