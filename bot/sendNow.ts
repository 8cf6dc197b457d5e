/**
 * "Send now" on a queued prompt of a hosted thread (issue #12, "Steer or queue"): the prompt moves to the front
 * of the thread's queue (JobQueue.moveToFront) and the running turn is interrupted (the `stop` control's
 * signal), so it runs next. Only someone who may steer the session may press it (threadAccess.ts, as for the
 * other thread controls); a refusal is said to them alone. Recorded in the session's stream as a
 * `HostControl` (`send-now`) with its author and the prompt's job id.
 */
import { contentId } from '../events/eventIds.js';
import { HOST_CONTROL } from '../events/kapEventTypes.js';
import { noticeMessage } from '../renderers/agentBlocks.js';
import { sessionStream } from '../stores/eventStore.js';
import type { HostedSession } from '../stores/hostedSessions.js';
import { PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import type { HostJob } from '../workers/hostedSessionJob.js';
import { tellInThread } from './hostControls.js';
import type { HostControlDeps } from './hostControls.js';
import { threadPermission } from './threadAccess.js';

export type SendNowOutcome = 'SENT' | 'REFUSED' | 'NOT_QUEUED';

export async function sendNow(deps: HostControlDeps, session: HostedSession, jobId: string, by: string): Promise<SendNowOutcome> {
  const may = await threadPermission(deps, session, by, 'steer');
  if (!may.ok) {
    await tellInThread(deps, session, by, may.text);
    return 'REFUSED';
  }
  const prompt = (await deps.jobs.waiting<HostJob>(PROMPTS_QUEUE, session.threadKey)).find((job) => job.id === jobId);
  if (!prompt || !(await deps.jobs.moveToFront(PROMPTS_QUEUE, session.threadKey, jobId))) {
    await tellInThread(deps, session, by, 'That prompt is not queued any more: it is running or has run.');
    return 'NOT_QUEUED';
  }
  // Stop only while the prompt still waits first: a turn that ended meanwhile may already be this prompt's own.
  const next = (await deps.jobs.waiting<HostJob>(PROMPTS_QUEUE, session.threadKey))[0];
  if (next?.id === jobId) await deps.signals.stop(session.threadKey, by);
  if (session.sessionId) {
    const data = { control: 'send-now', by, jobId, at: deps.now().toISOString() };
    await deps.store.append(sessionStream(session.sessionId), [{ id: contentId({ sessionId: session.sessionId, ...data }, HOST_CONTROL), type: HOST_CONTROL, data, metadata: { source: 'slack' } }]);
  }
  const asker = prompt.data.by;
  const paused = session.paused ? ' The thread is paused: it runs once someone says `resume`.' : '';
  await deps.slack.postMessage({ channel: session.channel, threadTs: session.threadTs, ...noticeMessage(`<@${by}> sent <@${asker}>'s prompt now: the running turn stops and it runs next.${paused}`) });
  return 'SENT';
}
