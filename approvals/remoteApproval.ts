/**
 * Remote approvals (opt-in, `kap hooks install --remote-approvals`): a local Claude Code session's
 * PermissionRequest asked in Slack. The request goes where the session is followed — the thread of its newest
 * share (`summary.sharedIn`), else a DM to its owner — with Allow / Deny; the answer comes back through the
 * signals port (hosting/agentSignals.ts: the bot's click `decide`s, this wait receives it, in-process or across
 * processes through Redis), is recorded as `PermissionDecided` `{ by, behavior, toolName, input, at }` in the
 * session's stream (by null: no answer in time), and a notice in the same place says who answered.
 *
 * Every outcome that is not a decision (no one to ask, Slack refused, timeout) lets Claude Code ask in its own
 * terminal: the hook prints nothing (approvals/approvalHook.ts).
 */
import { randomUUID } from 'node:crypto';
import type { SessionGate } from '../access/sessionGate.js';
import type { SlackApi } from '../bot/slackApi.js';
import { contentId } from '../events/eventIds.js';
import { PERMISSION_DECIDED } from '../events/kapEventTypes.js';
import type { AgentSignals, PermissionDecision } from '../hosting/agentSignals.js';
import { approvalOutcomeText, approvalRequestMessage, approvalWithdrawnText } from '../renderers/approvalBlocks.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

export interface RemoteApprovalDeps {
  store: EventStore;
  readModel: SessionReadModel;
  gate: SessionGate;
  /** Undefined when this Kap has no Slack app: every request then falls back at once. */
  slack: SlackApi | undefined;
  signals: AgentSignals;
  now: () => Date;
  newId?: () => string;
}

/** What Claude Code's PermissionRequest hook sent (its stdin), as far as Kap reads it. */
export interface ApprovalAsk {
  sessionId: string;
  toolName: string;
  input: unknown;
  /** How long to wait for an answer, ms. */
  timeoutMs: number;
}

export type ApprovalOutcome =
  | { kind: 'decided'; decision: PermissionDecision }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'not_asked'; reason: 'UNKNOWN_SESSION' | 'NO_ONE_TO_ASK' | 'NO_SLACK' | 'SLACK_REFUSED' };

/** Where the request is asked: the newest share's thread, else the owner's DM (a user id as channel). */
async function whereToAsk(deps: RemoteApprovalDeps, sessionId: string): Promise<{ channel: string; threadTs?: string } | ApprovalOutcome> {
  const state = await deps.readModel.get(sessionId);
  if (!state) return { kind: 'not_asked', reason: 'UNKNOWN_SESSION' };
  const shared = state.summary.sharedIn.at(-1);
  if (shared) return { channel: shared.channel, threadTs: shared.threadTs ?? shared.messageTs };
  const owner = (await deps.gate.accessOf(state.summary)).owner.slackUserId;
  return owner ? { channel: owner } : { kind: 'not_asked', reason: 'NO_ONE_TO_ASK' };
}

/** Asks, waits (at most `ask.timeoutMs`, or until `signal` aborts: the hook went away), records the answer. */
export async function askRemoteApproval(deps: RemoteApprovalDeps, ask: ApprovalAsk, signal?: AbortSignal): Promise<ApprovalOutcome> {
  if (!deps.slack) return { kind: 'not_asked', reason: 'NO_SLACK' };
  const where = await whereToAsk(deps, ask.sessionId);
  if ('kind' in where) return where;
  const summary = (await deps.readModel.get(ask.sessionId))?.summary;
  const requestId = (deps.newId ?? randomUUID)();
  const message = approvalRequestMessage({ requestId, sessionId: ask.sessionId, toolName: ask.toolName, input: ask.input, where: summary?.repo ?? summary?.cwd ?? null, timeoutMs: ask.timeoutMs });
  const posted = await deps.slack.postMessage({ channel: where.channel, ...(where.threadTs ? { threadTs: where.threadTs } : {}), text: message.text, blocks: message.blocks });
  if (!posted.ok) return { kind: 'not_asked', reason: 'SLACK_REFUSED' };

  const answer = await deps.signals.waitForDecision(requestId, ask.timeoutMs, signal);
  if (answer === 'aborted') {
    // Claude Code shows its own prompt beside the hook (interactive, 2.1.197): answered there, the hook is gone.
    await deps.slack.postMessage({ channel: where.channel, threadTs: where.threadTs ?? posted.ts, text: approvalWithdrawnText(ask.toolName) });
    return { kind: 'aborted' };
  }
  const decided = answer === 'timeout' ? null : answer;
  // The answered request's id names the event: a retried append is the same event.
  const data = { by: decided?.by ?? null, behavior: decided?.behavior ?? null, toolName: ask.toolName, input: ask.input, requestId, at: deps.now().toISOString() };
  await deps.store.append(sessionStream(ask.sessionId), [{ id: contentId({ requestId }, PERMISSION_DECIDED), type: PERMISSION_DECIDED, data, metadata: { source: 'slack' } }]);
  const notice = approvalOutcomeText(ask.toolName, decided);
  await deps.slack.postMessage({ channel: where.channel, threadTs: where.threadTs ?? posted.ts, text: notice });
  return decided ? { kind: 'decided', decision: decided } : { kind: 'timeout' };
}
