/**
 * The body of `POST /v1/approvals` (sent by `kap approve`, approvals/approvalHook.ts):
 * `{ hook: <Claude Code's PermissionRequest payload>, timeoutMs }`. Kap reads `session_id`, `tool_name` and
 * `tool_input` of the payload (../shared/CLAUDE-CODE.md).
 */
import { isSessionId } from '../events/ingestBatch.js';
import type { ApprovalAsk } from './remoteApproval.js';

/** The longest wait a request may ask for, ms (the hook's own `timeout` must stay above it). */
export const MAX_APPROVAL_TIMEOUT_MS = 10 * 60 * 1000;

export type ParsedApprovalBody = { ok: true; ask: ApprovalAsk } | { ok: false; code: 'INVALID_APPROVAL' | 'INVALID_SESSION_ID'; message: string };

export function parseApprovalBody(body: unknown): ParsedApprovalBody {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { hook?: unknown; timeoutMs?: unknown };
  const hook = (typeof b.hook === 'object' && b.hook !== null ? b.hook : {}) as Record<string, unknown>;
  if (hook.hook_event_name !== 'PermissionRequest' || typeof hook.tool_name !== 'string') {
    return { ok: false, code: 'INVALID_APPROVAL', message: 'send { hook: <a PermissionRequest hook payload with tool_name>, timeoutMs }' };
  }
  if (typeof hook.session_id !== 'string' || !isSessionId(hook.session_id)) return { ok: false, code: 'INVALID_SESSION_ID', message: 'the payload has no valid session_id' };
  const timeoutMs = typeof b.timeoutMs === 'number' && Number.isFinite(b.timeoutMs) ? Math.min(Math.max(b.timeoutMs, 0), MAX_APPROVAL_TIMEOUT_MS) : 60_000;
  return { ok: true, ask: { sessionId: hook.session_id, toolName: hook.tool_name, input: hook.tool_input ?? null, timeoutMs } };
}
