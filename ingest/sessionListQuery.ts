/**
 * The query of `GET /v1/sessions`: `?repo=owner/name&prefix=<id prefix>&limit=<n>`, checked before the read
 * model sees it. A bad value is a 400 with its own code, never quietly replaced by a default.
 */
import { SESSION_ID_MAX_LENGTH } from '../events/sessionId.js';
import type { SessionQuery } from '../stores/sessionReadModel.js';

/** How many sessions one `GET /v1/sessions` lists when asked for none in particular. */
export const DEFAULT_SESSION_LIST_LIMIT = 50;
/** The most sessions one `GET /v1/sessions` lists (and `kap sessions --limit` accepts). */
export const MAX_SESSION_LIST_LIMIT = 1000;

export type SessionListQueryOutcome =
  | { ok: true; query: SessionQuery & { limit: number } }
  | { ok: false; code: 'INVALID_LIMIT' | 'INVALID_PREFIX' | 'INVALID_REPO'; message: string };

/** `limit` as a whole number from 1 to `MAX_SESSION_LIST_LIMIT`, or undefined when it is none. */
export function parseSessionListLimit(text: string): number | undefined {
  if (!/^\d{1,7}$/.test(text)) return undefined;
  const limit = Number(text);
  return limit >= 1 && limit <= MAX_SESSION_LIST_LIMIT ? limit : undefined;
}

/** Checks the query string Fastify parsed (a repeated key arrives as an array, and is refused). */
export function parseSessionListQuery(raw: Readonly<Record<string, unknown>>): SessionListQueryOutcome {
  const query: SessionQuery & { limit: number } = { limit: DEFAULT_SESSION_LIST_LIMIT };
  if (raw.limit !== undefined) {
    const limit = typeof raw.limit === 'string' ? parseSessionListLimit(raw.limit) : undefined;
    if (limit === undefined) return { ok: false, code: 'INVALID_LIMIT', message: `limit: a whole number from 1 to ${MAX_SESSION_LIST_LIMIT}` };
    query.limit = limit;
  }
  if (raw.prefix !== undefined) {
    if (typeof raw.prefix !== 'string' || raw.prefix.length === 0 || raw.prefix.length > SESSION_ID_MAX_LENGTH) {
      return { ok: false, code: 'INVALID_PREFIX', message: `prefix: the start of a session id, 1 to ${SESSION_ID_MAX_LENGTH} characters` };
    }
    query.idPrefix = raw.prefix;
  }
  if (raw.repo !== undefined) {
    if (typeof raw.repo !== 'string') return { ok: false, code: 'INVALID_REPO', message: 'repo: one owner/name' };
    query.repo = raw.repo;
  }
  return { ok: true, query };
}
