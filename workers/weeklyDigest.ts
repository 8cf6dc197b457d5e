/**
 * The weekly usage digest (issue #12): every Monday 09:00 UTC, the last 7 days' usage (usage/usageReport.ts)
 * posted to `KAP_DIGEST_CHANNEL`, counting only sessions that channel may read.
 *
 * A delayed job on the JobQueue port (queue `weekly-digest`), like the idle timer (workers/idleTimer.ts), not
 * a cron: one job per week, id `digest-<Monday's date>`, so every worker that schedules it on start adds the
 * same job and the week's digest is posted once. The job covers the 7 days before the time it was scheduled
 * for (its data), not before it runs, so a late run posts the same week. Each run schedules the next week
 * first, then posts: a retry after a failed post never skips a week.
 */
import type { Reader } from '../access/sessionAccess.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.js';
import { PermanentJobError } from '../jobs/jobQueue.js';
import { usageBlocks } from '../renderers/usageBlocks.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { USAGE_SESSION_LIMIT } from '../usage/usageCommand.js';
import { computeUsage } from '../usage/usageReport.js';
import type { UsageDeps } from '../usage/usageReport.js';

export const WEEKLY_DIGEST_QUEUE = 'weekly-digest';

const WEEK_MS = 7 * 86_400_000;
/** Monday 09:00 UTC. */
const DIGEST_HOUR_UTC = 9;

export interface WeeklyDigestJob {
  /** ISO time the digest is for (a Monday 09:00 UTC): it covers the 7 days before. */
  at: string;
}

/** The next Monday 09:00 UTC strictly after `now`. */
export function nextDigestTime(now: Date): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = day - ((now.getUTCDay() + 6) % 7) * 86_400_000 + DIGEST_HOUR_UTC * 3_600_000;
  return new Date(monday > now.getTime() ? monday : monday + WEEK_MS);
}

/** The job id of the digest at `at`: `digest-2026-12-07` (no `:`, which BullMQ reserves). */
export function digestJobId(at: Date): string {
  return `digest-${at.toISOString().slice(0, 10)}`;
}

/**
 * Schedules the next digest (Monday 09:00 UTC after `now`) on `jobs`. Call on every worker's start; the
 * handler calls it after each run. Several workers scheduling the same week add one job (same job id).
 */
export async function scheduleWeeklyDigest(jobs: Pick<JobQueue, 'enqueue'>, now: Date): Promise<{ jobId: string; at: Date }> {
  const at = nextDigestTime(now);
  const jobId = digestJobId(at);
  await jobs.enqueue<WeeklyDigestJob>(WEEKLY_DIGEST_QUEUE, { at: at.toISOString() }, { jobId, delayMs: Math.max(0, at.getTime() - now.getTime()) });
  return { jobId, at };
}

export interface WeeklyDigestDeps extends UsageDeps {
  readModel: Pick<SessionReadModel, 'list'>;
  slack: Pick<SlackApi, 'postMessage'>;
  jobs: Pick<JobQueue, 'enqueue'>;
  /** The channel id (`KAP_DIGEST_CHANNEL`). */
  channel: string;
  now: () => Date;
}

/** Slack answers after which posting again cannot help (https://api.slack.com/methods/chat.postMessage#errors). */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_blocks', 'msg_too_long', 'restricted_action', 'invalid_auth', 'not_authed', 'account_inactive']);

/**
 * The job handler of `weekly-digest`: schedules next week's digest, then posts the 7 days before `job.data.at`
 * to `deps.channel`, counting the sessions that channel may read. A Slack error that a retry cannot fix fails
 * the job for good (`PermanentJobError`); others are retried.
 */
export function weeklyDigestHandler(deps: WeeklyDigestDeps): JobHandler<WeeklyDigestJob> {
  return async ({ data }) => {
    const to = new Date(data.at);
    if (Number.isNaN(to.getTime())) throw new PermanentJobError(`weekly digest job without a valid time: ${String(data.at)}`);
    await scheduleWeeklyDigest(deps.jobs, new Date(Math.max(deps.now().getTime(), to.getTime())));
    const readers: Reader[] = [{ kind: 'channel', channel: deps.channel }];
    const summaries = await deps.readModel.list({ limit: USAGE_SESSION_LIMIT });
    const report = await computeUsage(deps, summaries, { filter: { kind: 'all' }, window: { from: new Date(to.getTime() - WEEK_MS), to }, readers });
    const message = usageBlocks(report, { title: 'Weekly usage', audience: 'this channel' });
    const posted = await deps.slack.postMessage({ channel: deps.channel, text: message.text, blocks: message.blocks });
    if (!posted.ok) {
      if (PERMANENT.has(posted.error)) throw new PermanentJobError(`weekly digest: chat.postMessage to ${deps.channel} failed: ${posted.error}`);
      throw new Error(`weekly digest: chat.postMessage to ${deps.channel} failed: ${posted.error}`);
    }
  };
}
