/**
 * Block Kit for hosted agents in a session's thread: the agent's answer naming who asked, a permission
 * request with Allow / Deny, and the thread's status. Pure; every text escaped (mrkdwn.ts) and cut visibly to
 * Slack's limits (slackLimits.ts): an answer longer than a message holds is cut, with the session page linked
 * for the rest.
 */
import type { Block, BlockMessage } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { formatDuration, oneLine } from './format.js';
import { escapeMrkdwn, literalMrkdwn, markdownMrkdwn, mrkdwnLink } from './mrkdwn.js';
import { clip, SLACK_LIMITS } from './slackLimits.js';

export const PERMISSION_ALLOW_ACTION_ID = 'kap_permission_allow';
export const PERMISSION_DENY_ACTION_ID = 'kap_permission_deny';
export const HOST_CONTROL_ACTION_ID = 'kap_host_control';
/** "Send now" on a queued prompt: its value is the prompt's job id. */
export const SEND_NOW_ACTION_ID = 'kap_send_now';

/** At most this many sections of answer text (each ≤ 3,000 characters) in one message. */
const ANSWER_SECTIONS = 4;

export interface AgentAnswer {
  /** Slack user id of who asked. */
  asker: string;
  prompt: string;
  /** The agent's final text (markdown as Claude writes it). */
  text: string;
  /** Stopped: by whom. */
  stoppedBy?: string | null;
  sessionUrl: string;
  costUsd?: number | null;
}

export function agentAnswerMessage(a: AgentAnswer): BlockMessage {
  const asked = `<@${a.asker}> asked: ${clip(oneLine(a.prompt), 500, literalMrkdwn)}`;
  const blocks: Block[] = [{ type: 'context', elements: [mrkdwn(asked)] }];
  const body = a.text.trim() === '' ? '_(no text in the answer)_' : markdownMrkdwn(a.text.trim());
  const room = SLACK_LIMITS.sectionText - 10;
  for (let i = 0; i < ANSWER_SECTIONS && i * room < body.length; i += 1) {
    const last = i === ANSWER_SECTIONS - 1;
    const part = body.slice(i * room, (i + 1) * room);
    blocks.push({ type: 'section', text: mrkdwn(last && body.length > (i + 1) * room ? clip(part, room) : part) });
  }
  const notes: string[] = [];
  if (a.stoppedBy) notes.push(`Stopped by <@${a.stoppedBy}>.`);
  if (body.length > ANSWER_SECTIONS * room) notes.push('The answer is longer than a Slack message: read it on the session page.');
  if (typeof a.costUsd === 'number') notes.push(`This turn cost $${a.costUsd.toFixed(2)}.`);
  notes.push(mrkdwnLink(a.sessionUrl, 'Open session'));
  blocks.push({ type: 'context', elements: [mrkdwn(notes.join(' '))] });
  return { blocks, text: clip(`<@${a.asker}> asked: ${escapeMrkdwn(oneLine(a.prompt))} — ${escapeMrkdwn(oneLine(a.text))}`, 3000) };
}

export interface PermissionRequestView {
  requestId: string;
  toolName: string;
  input: Record<string, unknown>;
  description: string | null;
  timeoutMs: number;
}

export function permissionRequestMessage(p: PermissionRequestView): BlockMessage {
  const input = JSON.stringify(p.input, null, 2);
  const what = `The agent asks to use *${literalMrkdwn(clip(p.toolName, 100))}*${p.description ? `: ${clip(oneLine(p.description), 300, literalMrkdwn)}` : ''}`;
  return {
    text: `The agent asks to use ${escapeMrkdwn(p.toolName)}`,
    blocks: [
      { type: 'section', text: mrkdwn(what) },
      { type: 'section', text: mrkdwn(`\`\`\`${clip(escapeMrkdwn(input).replace(/```/g, 'ˋˋˋ'), 2500)}\`\`\``) },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: PERMISSION_ALLOW_ACTION_ID, text: plain('Allow'), value: p.requestId, style: 'primary' },
          { type: 'button', action_id: PERMISSION_DENY_ACTION_ID, text: plain('Deny'), value: p.requestId, style: 'danger' },
        ],
      },
      { type: 'context', elements: [mrkdwn(`No answer in ${formatDuration(p.timeoutMs)} denies it.`)] },
    ],
  };
}

/** A one-line notice in the thread (queued, paused, stopped, allowed …), already safe mrkdwn. */
export function noticeMessage(text: string): BlockMessage {
  return { text: clip(text, 3000), blocks: [{ type: 'context', elements: [mrkdwn(clip(text, 3000))] }] };
}

/**
 * "Queued, #n …" for a thread reply that waits for the running turn, with a Send now button (value: the
 * prompt's job id) that stops the running turn and runs this prompt next. `text` is already safe mrkdwn.
 */
export function queuedPromptMessage(text: string, jobId: string): BlockMessage {
  return {
    text: clip(text, 3000),
    blocks: [
      { type: 'context', elements: [mrkdwn(clip(text, 3000))] },
      { type: 'actions', elements: [{ type: 'button', action_id: SEND_NOW_ACTION_ID, text: plain('Send now'), value: clip(jobId, SLACK_LIMITS.buttonValue) }] },
    ],
  };
}

/** The controls, as buttons under the host's first message. */
export function hostControlsBlock(): Block {
  const button = (label: string, value: string) => ({ type: 'button' as const, action_id: `${HOST_CONTROL_ACTION_ID}_${value}`, text: plain(label), value });
  return { type: 'actions', elements: [button('Pause', 'pause'), button('Resume', 'resume'), button('Stop', 'stop'), button('Status', 'status'), button('Files', 'files')] };
}
