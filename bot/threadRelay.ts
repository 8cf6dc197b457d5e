/**
 * Thread replies of hosted sessions (Slack `message` events): a reply in the thread of a hosted session is a
 * control (hostControls.ts) or its next prompt: a job on the session's queue (`prompts`, ordering key: the
 * thread), acknowledged in the thread with its place in the queue when a turn runs before it. Who may steer:
 * the owner and whom they consented to (threadAccess.ts); anyone else is told, ephemerally, and the reply is
 * not relayed. A queued reply's notice has a Send now button (sendNow.ts). Slack sends a channel's messages only from its members. Bot messages,
 * edits and other subtypes, top-level messages and threads that are not hosted sessions are left alone.
 * (https://docs.slack.dev/reference/events/message)
 */
import { threadKeyOf } from '../stores/hostedSessions.js';
import { queuedPromptMessage } from '../renderers/agentBlocks.js';
import { PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import type { HostJob } from '../workers/hostedSessionJob.js';
import { applyHostControl, controlOf, tellInThread } from './hostControls.js';
import { slackTextToPlain } from './slackText.js';
import { threadPermission } from './threadAccess.js';
import type { HostControlDeps } from './hostControls.js';

/** The fields of a `message` event Kap reads. */
export interface ThreadMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  subtype?: string;
  bot_id?: string;
}

export async function relayThreadMessage(deps: HostControlDeps, message: ThreadMessage): Promise<void> {
  const { channel, ts, thread_ts: threadTs, user, text } = message;
  // A reply also sent to the channel (`thread_broadcast`) is a reply like any other; edits, joins, bots are not.
  if ((message.subtype !== undefined && message.subtype !== 'thread_broadcast') || message.bot_id !== undefined || !threadTs || threadTs === ts || !user || !text?.trim()) return;
  const session = await deps.hosted.get(threadKeyOf(channel, threadTs));
  if (!session) return;
  const control = controlOf(text);
  if (control) return applyHostControl(deps, session, control, user);
  const may = await threadPermission(deps, session, user, 'steer');
  if (!may.ok) return tellInThread(deps, session, user, may.text);

  const jobId = `prompt-${channel}-${ts}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const job: HostJob = { kind: 'prompt', threadKey: session.threadKey, channel, threadTs, by: user, text: slackTextToPlain(text).trim(), messageTs: ts };
  await deps.jobs.enqueue<HostJob>(PROMPTS_QUEUE, job, { jobId, orderingKey: session.threadKey, attempts: 1 });
  const waiting = await deps.jobs.waiting<HostJob>(PROMPTS_QUEUE, session.threadKey);
  const place = waiting.findIndex((j) => j.id === jobId);
  if (place >= 0) {
    const why = session.paused ? 'the thread is paused' : 'a turn is running';
    await deps.slack.postMessage({ channel, threadTs, ...queuedPromptMessage(`Queued, #${place + 1}: <@${user}>'s prompt runs after ${place === 0 ? 'the current turn' : `${place} more`} (${why}).`, jobId) });
  }
}
