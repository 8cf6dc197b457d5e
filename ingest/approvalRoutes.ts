/**
 * `POST /v1/approvals` (bearer token): asks a local session's PermissionRequest in Slack and answers when
 * someone decided, or when no one did in time (approvals/remoteApproval.ts). One long request: the hook waits
 * on it, and a hook that goes away (Claude Code's own timeout, the user answered in the terminal) withdraws it.
 *   → 200 { outcome: 'decided', decision: { behavior, by, message? } } | { outcome: 'timeout' | 'not_asked', reason? }
 *   → 400 INVALID_APPROVAL / INVALID_SESSION_ID; 404 NO_APPROVALS when this Kap takes none.
 */
import type { FastifyInstance } from 'fastify';
import { parseApprovalBody } from '../approvals/approvalRequestBody.js';
import type { ApprovalAsk, ApprovalOutcome } from '../approvals/remoteApproval.js';
import { sendError } from './errorReply.js';

export type AskApproval = (ask: ApprovalAsk, signal: AbortSignal) => Promise<ApprovalOutcome>;

export function registerApprovalRoutes(api: FastifyInstance, askApproval: AskApproval | undefined): void {
  api.post('/v1/approvals', async (request, reply) => {
    if (!askApproval) return sendError(reply, 404, 'NO_APPROVALS', 'this Kap takes no approvals (it plays no ingest with Slack)');
    const parsed = parseApprovalBody(request.body);
    if (!parsed.ok) return sendError(reply, 400, parsed.code, parsed.message);
    const gone = new AbortController();
    reply.raw.on('close', () => gone.abort());
    const outcome = await askApproval(parsed.ask, gone.signal);
    if (outcome.kind === 'decided') return { outcome: 'decided', decision: outcome.decision };
    return outcome.kind === 'not_asked' ? { outcome: 'not_asked', reason: outcome.reason } : { outcome: outcome.kind };
  });
}
