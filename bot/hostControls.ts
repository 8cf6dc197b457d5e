/**
 * The controls of a hosted session's thread, by word (a reply that is just `pause`, `resume`, `stop`,
 * `status` or `files`, optionally after an @mention of the bot) or by the buttons under the host's message:
 *   pause   the thread's queue holds (the running turn finishes)      resume  it runs again
 *   stop    interrupts the running turn                              status  what runs, what is queued
 *   files   files changed (the session's projection) and `git diff --stat` in the worktree
 * Each control that changes something is recorded in the session's stream with its author (`HostControl`).
 * Who may: pause, resume and stop steer the session; status and files read it into the thread
 * (threadAccess.ts). A refusal is said to the person, ephemerally, in the thread.
 */
import { existsSync } from 'node:fs';
import { diffStat } from '../agents/workspaces.js';
import { contentId } from '../events/eventIds.js';
import { HOST_CONTROL } from '../events/kapEventTypes.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import { noticeMessage } from '../renderers/agentBlocks.js';
import { codeSpan, escapeMrkdwn } from '../renderers/mrkdwn.js';
import { relativeTo } from '../recaps/sessionFacts.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { HostedSession, HostedSessionStore } from '../stores/hostedSessions.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import type { HostJob } from '../workers/hostedSessionJob.js';
import type { Logger } from 'pino';
import type { SlackApi } from './slackApi.js';
import { threadPermission } from './threadAccess.js';
import type { ThreadAccessDeps } from './threadAccess.js';

export const HOST_CONTROLS = ['pause', 'resume', 'stop', 'status', 'files'] as const;
export type HostControl = (typeof HOST_CONTROLS)[number];

export interface HostControlDeps extends ThreadAccessDeps {
  store: EventStore;
  readModel: SessionReadModel;
  hosted: HostedSessionStore;
  jobs: JobQueue;
  signals: AgentSignals;
  slack: SlackApi;
  logger: Pick<Logger, 'warn'>;
  now: () => Date;
}

/** Says `text` to `user` only, in the session's thread; Slack's refusal is logged (there is no one else to tell). */
export async function tellInThread(deps: Pick<HostControlDeps, 'slack' | 'logger'>, session: HostedSession, user: string, text: string): Promise<void> {
  const said = await deps.slack.postEphemeral({ channel: session.channel, threadTs: session.threadTs, user, text });
  if (!said.ok) deps.logger.warn({ error: said.error, threadKey: session.threadKey }, 'Slack refused an ephemeral answer in a hosted thread');
}

/** The control a reply's text names, or undefined when the reply is a prompt. */
export function controlOf(text: string): HostControl | undefined {
  const word = text.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>\s*/, '').trim().toLowerCase();
  return (HOST_CONTROLS as readonly string[]).includes(word) ? (word as HostControl) : undefined;
}

export async function applyHostControl(deps: HostControlDeps, session: HostedSession, control: HostControl, by: string): Promise<void> {
  const may = await threadPermission(deps, session, by, control === 'status' || control === 'files' ? 'read' : 'steer');
  if (!may.ok) return tellInThread(deps, session, by, may.text);
  const say = (text: string) => deps.slack.postMessage({ channel: session.channel, threadTs: session.threadTs, ...noticeMessage(text) });
  const record = async () => {
    if (!session.sessionId) return;
    const data = { control, by, at: deps.now().toISOString() };
    await deps.store.append(sessionStream(session.sessionId), [{ id: contentId({ sessionId: session.sessionId, ...data }, HOST_CONTROL), type: HOST_CONTROL, data, metadata: { source: 'slack' } }]);
  };
  switch (control) {
    case 'pause':
      await deps.jobs.pauseKey(PROMPTS_QUEUE, session.threadKey);
      await deps.hosted.update(session.threadKey, { paused: true });
      await record();
      await say(`Paused by <@${by}>: replies wait in the queue until someone says \`resume\`.`);
      return;
    case 'resume':
      await deps.jobs.resumeKey(PROMPTS_QUEUE, session.threadKey);
      await deps.hosted.update(session.threadKey, { paused: false });
      await record();
      await say(`Resumed by <@${by}>.`);
      return;
    case 'stop':
      await deps.signals.stop(session.threadKey, by);
      await record();
      await say(`<@${by}> asked the agent to stop its running turn.`);
      return;
    case 'status': {
      const queued = await deps.jobs.waiting<HostJob>(PROMPTS_QUEUE, session.threadKey);
      const summary = session.sessionId ? (await deps.readModel.get(session.sessionId))?.summary : undefined;
      const state = summary ? `${summary.status}${summary.waitingFor ? ` (${escapeMrkdwn(summary.waitingFor)})` : ''}` : 'starting';
      const lines = [`*${escapeMrkdwn(session.repo)}* at \`${escapeMrkdwn(session.branch ?? '?')}\` · agent ${state}${session.paused ? ' · *paused*' : ''}`];
      lines.push(queued.length === 0 ? 'Nothing queued.' : `Queued (${queued.length}):`);
      queued.forEach((job, i) => lines.push(`${i + 1}. <@${job.data.by}>: ${escapeMrkdwn(job.data.kind === 'prompt' ? job.data.text.slice(0, 200) : job.data.kind)}`));
      await say(lines.join('\n'));
      return;
    }
    case 'files': {
      const summary = session.sessionId ? (await deps.readModel.get(session.sessionId))?.summary : undefined;
      const files = summary?.filesChanged ?? [];
      const stat = existsSync(session.cwd) ? await diffStat(session.cwd).catch(() => '') : '';
      const shown = files.slice(0, 30).map((f) => `• ${codeSpan(relativeTo(summary?.cwd ?? session.cwd, f))}`);
      const lines = [files.length === 0 ? 'No files changed yet.' : `Files changed (${files.length}):\n${shown.join('\n')}`];
      if (stat.trim()) lines.push(`\`\`\`${escapeMrkdwn(stat.trim()).slice(0, 2500)}\`\`\``);
      await say(lines.join('\n'));
      return;
    }
  }
}
