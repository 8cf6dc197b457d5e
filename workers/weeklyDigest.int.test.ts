import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebClientSlackApi } from '../bot/webClientSlackApi.js';
import { createInProcessJobQueue } from '../jobs/inProcessJobQueue.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { TEAM, teamWeek } from '../test/support/usageWorld.js';
import { digestJobId, nextDigestTime, scheduleWeeklyDigest, WEEKLY_DIGEST_QUEUE, weeklyDigestHandler } from './weeklyDigest.js';
import type { WeeklyDigestJob } from './weeklyDigest.js';

describe('when the digest runs', () => {
  it('is the next Monday 09:00 UTC, strictly after now, with one job id per week', () => {
    expect(nextDigestTime(new Date('2026-12-02T12:00:00Z'))).toEqual(new Date('2026-12-07T09:00:00Z'));
    expect(nextDigestTime(new Date('2026-12-07T08:59:59Z'))).toEqual(new Date('2026-12-07T09:00:00Z'));
    expect(nextDigestTime(new Date('2026-12-07T09:00:00Z'))).toEqual(new Date('2026-12-14T09:00:00Z'));
    expect(nextDigestTime(new Date('2026-12-06T23:00:00Z'))).toEqual(new Date('2026-12-07T09:00:00Z'));
    expect(digestJobId(new Date('2026-12-07T09:00:00Z'))).toBe('digest-2026-12-07');
  });
});

describe('the weekly digest job', () => {
  const BOT = 'xoxb-digest-test';
  let slack: SlackStandIn;
  let jobs: JobQueue;
  const { summaries, gate } = teamWeek();
  // The digest for Monday 2026-12-07 09:00 covers 2026-11-30 09:00 … 2026-12-07 09:00.
  let now = new Date('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT, channels: [TEAM] });
    jobs = createInProcessJobQueue();
    await jobs.process<WeeklyDigestJob>(
      WEEKLY_DIGEST_QUEUE,
      weeklyDigestHandler({ gate, readModel: { list: async () => summaries }, slack: createWebClientSlackApi({ token: BOT, apiUrl: slack.apiUrl }), jobs, channel: TEAM, now: () => now }),
    );
  });
  afterAll(async () => {
    await jobs.close({ timeoutMs: 1000 });
    await slack.close();
  });

  it('posts the week once to the channel, however many workers schedule it, counting what that channel may read', async () => {
    now = new Date('2026-12-07T08:59:59.990Z');
    // Three workers start: each schedules this week's digest (10 ms from now); one job runs.
    const scheduled = await Promise.all([1, 2, 3].map(() => scheduleWeeklyDigest(jobs, now)));
    expect(new Set(scheduled.map((s) => s.jobId))).toEqual(new Set(['digest-2026-12-07']));
    const [post] = await slack.waitFor('chat.postMessage', 1, 5000);
    now = new Date('2026-12-07T09:00:01Z');
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.accepted('chat.postMessage')).toHaveLength(1);
    expect(post?.args.channel).toBe(TEAM);
    // a and b are shared in TEAM; c is private, d is shared elsewhere, e is older than the week.
    expect(post?.args.text).toBe('Weekly usage: 2 sessions · 5 prompts · $20.75 (partial)');
    // The same week scheduled again (a worker restarting before 09:00) posts nothing more.
    const again = await jobs.enqueue<WeeklyDigestJob>(WEEKLY_DIGEST_QUEUE, { at: '2026-12-07T09:00:00.000Z' }, { jobId: 'digest-2026-12-07' });
    expect(again.enqueued).toBe(false);
    // The run scheduled next week's digest.
    const next = await jobs.enqueue<WeeklyDigestJob>(WEEKLY_DIGEST_QUEUE, { at: '2026-12-14T09:00:00.000Z' }, { jobId: 'digest-2026-12-14' });
    expect(next.enqueued).toBe(false);
  });
});
