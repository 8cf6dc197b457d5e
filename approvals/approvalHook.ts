/**
 * The client side of remote approvals: what `kap approve` does as Claude Code's synchronous PermissionRequest
 * hook. It posts the hook payload to Kap (`POST /v1/approvals`, one long request) and prints Claude Code's
 * decision output when someone answered in Slack:
 *   `{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}`
 *   (deny: `"behavior":"deny","message":"…"`; https://code.claude.com/docs/en/hooks#permissionrequest-decision-control)
 * Anything else — Kap unreachable, a wrong token, no one to ask, no answer in time — prints nothing, and
 * Claude Code asks in its terminal as it would without the hook. Never throws.
 */

export interface ApprovalHookOptions {
  /** The ingest's base URL and bearer token; no token: nothing is asked. */
  url: string;
  token: string | undefined;
  /** How long Slack is given to answer, ms. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** The default wait for an answer in Slack, seconds (`KAP_APPROVAL_TIMEOUT_S`). */
export const DEFAULT_APPROVAL_TIMEOUT_S = 60;
/** How much longer than the wait the hook's own `timeout` is, seconds: the answer's way back. */
export const HOOK_TIMEOUT_MARGIN_S = 30;

/** `KAP_APPROVAL_TIMEOUT_S` in ms: a positive number of seconds, else the default. */
export function approvalTimeoutMs(value: string | undefined): number {
  const seconds = Number(value);
  return (value !== undefined && value !== '' && Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 600) : DEFAULT_APPROVAL_TIMEOUT_S) * 1000;
}

interface ApprovalReply {
  outcome?: string;
  decision?: { behavior?: string; message?: string; by?: string };
}

/** The hook's stdout for `payload` (Claude Code's stdin): a decision, or '' to let Claude Code ask. */
export async function approvalHookOutput(payload: string, options: ApprovalHookOptions): Promise<string> {
  if (!options.token) return '';
  let hook: unknown;
  try {
    hook = JSON.parse(payload);
  } catch {
    return '';
  }
  try {
    const response = await (options.fetch ?? fetch)(new URL('/v1/approvals', options.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hook, timeoutMs: options.timeoutMs }),
      signal: AbortSignal.timeout(options.timeoutMs + 10_000),
    });
    if (!response.ok) return '';
    const reply = (await response.json()) as ApprovalReply;
    const decision = reply.outcome === 'decided' ? reply.decision : undefined;
    if (decision?.behavior === 'allow') return decisionOutput({ behavior: 'allow' });
    if (decision?.behavior === 'deny') return decisionOutput({ behavior: 'deny', message: decision.message ?? 'Denied in Slack.' });
    return '';
  } catch {
    return '';
  }
}

function decisionOutput(decision: { behavior: 'allow' } | { behavior: 'deny'; message: string }): string {
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } })}\n`;
}
