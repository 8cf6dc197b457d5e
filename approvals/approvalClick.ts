/**
 * Allow / Deny on a remote approval (renderers/approvalBlocks.ts), clicked in Slack. Only someone who may
 * steer the session decides (access/sessionAccess.ts canSteer: its owner, the people it was shared with, the
 * members of a channel it was shared in with steering); the first answer wins (the signals port refuses a
 * second). The waiting request (approvals/remoteApproval.ts) records the answer and says who gave it.
 */
import type { SessionGate } from '../access/sessionGate.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { parseApprovalButtonValue } from '../renderers/approvalBlocks.js';

export interface ApprovalClickDeps {
  gate: SessionGate;
  signals: AgentSignals;
}

export interface ApprovalClick {
  behavior: 'allow' | 'deny';
  /** The button's value. */
  value: string | undefined;
  /** Slack user id of who clicked. */
  by: string;
  /** Where the button was (a channel, or the DM with Kap). */
  channel: string | undefined;
}

/** What to tell the person who clicked (ephemeral), or null when their answer was taken. */
export async function decideApproval(deps: ApprovalClickDeps, click: ApprovalClick): Promise<string | null> {
  const request = parseApprovalButtonValue(click.value);
  if (!request) return 'I can’t tell which request this button answers.';
  const answer = await deps.gate.read(request.sessionId, { kind: 'token' });
  if (answer.kind === 'unknown') return 'Kap no longer knows this session.';
  if (!(await deps.gate.steer(answer.summary, { kind: 'person', userId: click.by }, click.channel))) {
    const owner = answer.access.owner.slackUserId;
    return `Only ${owner ? `<@${owner}>` : 'the session’s owner'} and the people they added can answer this session’s requests.`;
  }
  const decision = click.behavior === 'allow' ? { behavior: 'allow' as const, by: click.by } : { behavior: 'deny' as const, by: click.by, message: `Denied in Slack by ${click.by}.` };
  return (await deps.signals.decide(request.requestId, decision)) ? null : 'Someone already answered that request, or it is no longer waiting.';
}
