/**
 * The live card throttle on both JobQueue adapters (in-process, BullMQ on the real Redis with a unique
 * prefix), with a pinned clock: the first commit of a shared session refreshes at once; a stream of commits
 * within the interval adds one refresh, run after the last of them; a commit after that refresh ran is not
 * lost; a session not shared schedules nothing.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { removeRedisKeys } from '../test/support/redisKeys.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBullmqJobQueue } from '../jobs/bullmqJobQueue.js';
import { createInProcessJobQueue } from '../jobs/inProcessJobQueue.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummaryTypes.js';
import { LIVE_CARDS_QUEUE, liveCardsOnCommit } from './liveCards.js';
import type { LiveCardJob } from './liveCards.js';

const INTERVAL_MS = 250;
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const prefix = `kap-test-${randomUUID()}`;
const adapters: Array<[string, () => JobQueue]> = [
  ['in-process', () => createInProcessJobQueue()],
  ['BullMQ', () => createBullmqJobQueue({ url, prefix, lockDurationMs: 5_000 })],
];

afterAll(async () => {
  // The BullMQ run's keys, all under its unique prefix.
  const admin = new Redis(url);
  await removeRedisKeys(admin, prefix);
  await admin.quit();
});

describe.each(adapters)('live card throttle (%s)', (_name, open) => {
  let jobs: JobQueue | undefined;
  afterEach(async () => {
    await jobs?.close({ timeoutMs: 2_000 });
  });

  it('refreshes at once, then once after a stream of commits, and never loses the last one', async () => {
    jobs = open();
    const runs: Array<{ job: LiveCardJob; revision: number }> = [];
    const latest = new Map<string, number>();
    await jobs.process<LiveCardJob>(LIVE_CARDS_QUEUE, async ({ data }) => {
      runs.push({ job: data, revision: latest.get(data.sessionId) ?? -1 });
    });
    const at = new Date('2026-12-01T12:00:00Z');
    const onCommit = liveCardsOnCommit(jobs, { intervalMs: INTERVAL_MS, now: () => at, onError: (e) => { throw e; } });
    const shared = state(randomUUID(), [{ channel: 'C1', messageTs: '1764000000.000100', threadTs: null }]);
    const unshared = state(randomUUID(), []);
    const commit = (s: SessionFoldState, revision: number) => {
      s.summary.revision = revision;
      latest.set(s.summary.sessionId, revision);
      onCommit([s, unshared]);
    };

    commit(shared, 1);
    await until(() => runs.length === 1);
    for (let r = 2; r <= 8; r += 1) {
      commit(shared, r);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await until(() => runs.length === 2);
    // The second refresh ran after the last commit of the stream (it sees revision 8).
    expect(runs[1]!.revision).toBe(8);
    // A commit after it ran, the clock still pinned: a third refresh, not lost.
    commit(shared, 9);
    await until(() => runs.length === 3);
    expect(runs.map((r) => r.job.sessionId)).toEqual([shared.summary.sessionId, shared.summary.sessionId, shared.summary.sessionId]);
    expect(runs[2]!.revision).toBe(9);
  });
});

function state(sessionId: string, sharedIn: SessionFoldState['summary']['sharedIn']): SessionFoldState {
  const s = initialSessionState(sessionId);
  s.summary.sharedIn = sharedIn;
  return s;
}

async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the live card jobs');
    await new Promise((r) => setTimeout(r, 5));
  }
}
