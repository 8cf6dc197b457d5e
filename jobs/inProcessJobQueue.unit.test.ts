import { describe, expect, it } from 'vitest';
import { describeJobQueueContract } from './jobQueue.contract.js';
import { createInProcessJobQueue } from './inProcessJobQueue.js';
import { FinishedIds } from './finishedIds.js';
import type { JobQueue } from './jobQueue.js';
import type { JobTimers } from './jobTimers.js';

describeJobQueueContract('in-process', () => {
  const opened: JobQueue[] = [];
  return {
    shared: false,
    open() {
      const q = createInProcessJobQueue();
      opened.push(q);
      return q;
    },
    async dispose() {
      await Promise.all(opened.map((q) => q.close({ timeoutMs: 1_000 })));
    },
  };
});

/** Timers that only move when the test says so. */
function manualTimers(): JobTimers & { advance(ms: number): Promise<void>; requested: number[] } {
  let now = 1_000_000;
  let next = 0;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    requested: [],
    now: () => now,
    setTimeout(callback, ms) {
      this.requested.push(ms);
      due.set(++next, { at: now + ms, callback });
      return next;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const [handle, timer] = [...due].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (handle === undefined || !timer) break;
        due.delete(handle);
        now = timer.at;
        timer.callback();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = until;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('in-process JobQueue with injected timers', () => {
  it('backs off base, 2·base, 4·base between tries', async () => {
    const timers = manualTimers();
    const q = createInProcessJobQueue({ timers });
    const attempts: number[] = [];
    await q.process('q', async (job) => {
      attempts.push(job.attempt);
      throw new Error('again');
    });
    await q.enqueue('q', {}, { jobId: 'j', attempts: 4, backoffMs: 1_000 });
    await timers.advance(0);
    expect(attempts).toEqual([1]);
    await timers.advance(999);
    expect(attempts).toEqual([1]);
    await timers.advance(1);
    expect(attempts).toEqual([1, 2]);
    await timers.advance(1_999);
    expect(attempts).toEqual([1, 2]);
    await timers.advance(1);
    expect(attempts).toEqual([1, 2, 3]);
    await timers.advance(4_000);
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(timers.requested).toEqual([1_000, 2_000, 4_000]);
    await q.close({ timeoutMs: 0 });
  });

  it('forgets a finished id after its retention, so the id can run again', async () => {
    const timers = manualTimers();
    const q = createInProcessJobQueue({ timers, keepFinishedMs: 60_000 });
    const runs: string[] = [];
    await q.process('q', async (job) => void runs.push(job.id));
    await q.enqueue('q', {}, { jobId: 'j' });
    await timers.advance(0);
    expect(await q.enqueue('q', {}, { jobId: 'j' })).toEqual({ enqueued: false });
    await timers.advance(60_000);
    expect(await q.enqueue('q', {}, { jobId: 'j' })).toEqual({ enqueued: true });
    await timers.advance(0);
    expect(runs).toEqual(['j', 'j']);
    await q.close({ timeoutMs: 0 });
  });

  it('refuses enqueue after close with JOB_QUEUE_CLOSED and drops delayed jobs', async () => {
    const timers = manualTimers();
    const q = createInProcessJobQueue({ timers });
    const runs: string[] = [];
    await q.process('q', async (job) => void runs.push(job.id));
    await q.enqueue('q', {}, { jobId: 'later', delayMs: 1_000 });
    await q.close({ timeoutMs: 0 });
    await timers.advance(5_000);
    expect(runs).toEqual([]);
    await expect(q.enqueue('q', {}, { jobId: 'x' })).rejects.toMatchObject({ code: 'JOB_QUEUE_CLOSED' });
  });
});

describe('FinishedIds', () => {
  it('keeps at most maxIds, dropping the oldest first', () => {
    const ids = new FinishedIds({ maxIds: 2, maxAgeMs: 1_000 });
    ids.add('a', 0);
    ids.add('b', 1);
    ids.add('c', 2);
    expect([ids.has('a', 3), ids.has('b', 3), ids.has('c', 3)]).toEqual([false, true, true]);
    expect(ids.size).toBe(2);
  });
});
