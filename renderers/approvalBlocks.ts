/**
 * Block Kit for remote approvals (approvals/): a local Claude Code session's permission request asked in Slack
 * with Allow / Deny, and the notice that says who answered. Pure; every text escaped (mrkdwn.ts) and cut to
 * Slack's limits (slackLimits.ts).
 */
import type { BlockMessage } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { formatDuration } from './format.js';
import { codeSpan, escapeMrkdwn, literalMrkdwn } from './mrkdwn.js';
import { clip } from './slackLimits.js';

/** Allow / Deny on a remote approval: the value is `approvalButtonValue(…)`. */
export const APPROVAL_ALLOW_ACTION_ID = 'kap_approval_allow';
export const APPROVAL_DENY_ACTION_ID = 'kap_approval_deny';

export interface ApprovalRequestView {
  requestId: string;
  sessionId: string;
  toolName: string;
  input: unknown;
  /** Where the session runs (its cwd or repository), shown to tell sessions apart. */
  where: string | null;
  timeoutMs: number;
}

/** The button value: the request and its session (a click is checked against the session's access). */
export function approvalButtonValue(requestId: string, sessionId: string): string {
  return JSON.stringify({ r: requestId, s: sessionId });
}

/** The request and session a button value names, or undefined for a value Kap did not make. */
export function parseApprovalButtonValue(value: string | undefined): { requestId: string; sessionId: string } | undefined {
  try {
    const v = JSON.parse(value ?? '') as { r?: unknown; s?: unknown };
    return typeof v.r === 'string' && typeof v.s === 'string' ? { requestId: v.r, sessionId: v.s } : undefined;
  } catch {
    return undefined;
  }
}

export function approvalRequestMessage(p: ApprovalRequestView): BlockMessage {
  const input = JSON.stringify(p.input ?? null, null, 2);
  const value = approvalButtonValue(p.requestId, p.sessionId);
  const where = p.where ? ` in ${codeSpan(clip(p.where, 200))}` : '';
  return {
    text: `Claude Code asks to use ${escapeMrkdwn(p.toolName)}`,
    blocks: [
      { type: 'section', text: mrkdwn(`Claude Code${where} asks to use *${literalMrkdwn(clip(p.toolName, 100))}*`) },
      { type: 'section', text: mrkdwn(`\`\`\`${clip(escapeMrkdwn(input).replace(/```/g, 'ˋˋˋ'), 2500)}\`\`\``) },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: APPROVAL_ALLOW_ACTION_ID, text: plain('Allow'), value, style: 'primary' },
          { type: 'button', action_id: APPROVAL_DENY_ACTION_ID, text: plain('Deny'), value, style: 'danger' },
        ],
      },
      { type: 'context', elements: [mrkdwn(`No answer in ${formatDuration(p.timeoutMs)}: Claude Code asks in its terminal.`)] },
    ],
  };
}

/** Who answered (a Slack user id), or null: no answer in time. */
export function approvalOutcomeText(toolName: string, outcome: { behavior: 'allow' | 'deny'; by: string } | null): string {
  const tool = escapeMrkdwn(toolName);
  if (!outcome) return `No one answered in time: Claude Code asks about ${tool} in its terminal.`;
  return `${outcome.behavior === 'allow' ? 'Allowed' : 'Denied'} by <@${outcome.by}>: ${tool}.`;
}

/** The hook stopped waiting (the terminal answered first, or Claude Code went away): the buttons answer nothing now. */
export function approvalWithdrawnText(toolName: string): string {
  return `No longer asked here: ${escapeMrkdwn(toolName)} was answered in Claude Code’s terminal, or the session stopped waiting.`;
}
