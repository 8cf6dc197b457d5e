/**
 * The ingest's access routes (issue #11), behind the bearer token like every /v1 route:
 *   POST /v1/sessions/:id/visibility  share or hide (access/changeVisibility.ts) as the token holder, author
 *                                     `local:<by>` → 200 { sessionId, visibility }
 *   POST /v1/identity/link            redeem a `/kap link` code for this machine's identity
 *                                     (access/identityLinks.ts) → 200 { slackUserId }
 * Bodies: ingest/accessRequests.ts. Errors: 400 `INVALID_SESSION_ID`, `INVALID_VISIBILITY_CHANGE`,
 * `INVALID_LINK_REQUEST`, `NO_IDENTITY`; 403 `NOT_OWNER`; 404 `SESSION_NOT_FOUND`, `UNKNOWN_CODE`,
 * `NO_ACCESS` (the app was built without access); 409 `NO_SLACK` (Kap runs without Slack), `USED_CODE`,
 * `CLAIMED`, `RACE`; 410 `EXPIRED_CODE`. A refused request stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access/access.js';
import { changeVisibility } from '../access/changeVisibility.js';
import { isSessionId } from '../events/ingestBatch.js';
import type { EventStore } from '../stores/eventStore.js';
import { parseIdentityLink, parseVisibilityChange, REDEEM_STATUS } from './accessRequests.js';
import type { VisibilityChanged } from './accessRequests.js';
import { invalidSessionId, sendError, sessionNotFound } from './errorReply.js';

export interface AccessRouteDeps {
  store: EventStore;
  /** Undefined: the routes answer 404 `NO_ACCESS`. */
  access: Access | undefined;
  now: () => Date;
}

/** Registers the routes on `api` (a scope whose onRequest hook checks the token). */
export function registerAccessRoutes(api: FastifyInstance, deps: AccessRouteDeps): void {
  const noAccess = 'this Kap was started without an access model: sharing and identity links are off';

  api.post<{ Params: { id: string } }>('/v1/sessions/:id/visibility', async (request, reply) => {
    const sessionId = request.params.id;
    if (!isSessionId(sessionId)) return invalidSessionId(reply);
    if (!deps.access) return sendError(reply, 404, 'NO_ACCESS', noAccess);
    const parsed = parseVisibilityChange(request.body);
    if (!parsed.ok) return sendError(reply, 400, 'INVALID_VISIBILITY_CHANGE', parsed.message);
    const { change, by } = parsed.value;
    const outcome = await changeVisibility({ store: deps.store, gate: deps.access.gate, now: deps.now }, sessionId, { kind: 'token' }, by, change);
    if (outcome.ok) return { sessionId, visibility: outcome.visibility } satisfies VisibilityChanged;
    if (outcome.code === 'UNKNOWN_SESSION') return sessionNotFound(reply, sessionId);
    return sendError(reply, 403, outcome.code, outcome.message);
  });

  api.post('/v1/identity/link', async (request, reply) => {
    if (!deps.access) return sendError(reply, 404, 'NO_ACCESS', noAccess);
    if (deps.access.local) return sendError(reply, 409, 'NO_SLACK', 'this Kap runs without Slack: there is nobody to link to');
    const parsed = parseIdentityLink(request.body);
    if (!parsed.ok) return sendError(reply, 400, 'INVALID_LINK_REQUEST', parsed.message);
    const result = await deps.access.identityLinks.redeem(parsed.value.code, parsed.value.identity, deps.access.slackUserOfEmail);
    if (result.ok) return { slackUserId: result.slackUserId };
    return sendError(reply, REDEEM_STATUS.get(result.code) ?? 400, result.code, result.message);
  });
}
