/**
 * The JobQueue contract suite: every adapter runs these same tests (in-process always, BullMQ on the real Redis
 * at 127.0.0.1:6379 under a unique prefix per test). Assertions are on order, counts and data, never on speed;
 * the one time bound checked is a lower one (a delayed job never runs early).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentJobError, type JobContext, type JobQueue } from './jobQueue.js';

export interface JobQueueFixture {
  /** One more JobQueue on the fixture's backing store: another "worker process" when `shared`. */
  open(): JobQueue;
  /** JobQueues from `open()` share their jobs (BullMQ: same Redis and prefix); false in-process. */
  shared: boolean;
  /** Closes every JobQueue `open()` returned and removes what the test stored. */
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms; fails the test with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

interface Failure {
  id: string;
  attempt: number;
  error: Error;
}

export function describeJobQueueContract(name: string, setup: () => Promise<JobQueueFixture> | JobQueueFixture): void {
  describe(`JobQueue contract: ${name}`, () => {
    let fixture: JobQueueFixture;
    beforeEach(async () => {
      fixture = await setup();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('treats a second enqueue of an id as a no-op, while waiting and after completion, whatever the key', async () => {
      const q = fixture.open();
      const other = fixture.shared ? fixture.open() : q;
      const runs: Array<{ id: string; n: number }> = [];
      expect(await q.enqueue('dedup', { n: 1 }, { jobId: 'job-a' })).toEqual({ enqueued: true });
      expect(await other.enqueue('dedup', { n: 2 }, { jobId: 'job-a' })).toEqual({ enqueued: false });
      expect(await q.enqueue('dedup', { n: 3 }, { jobId: 'job-a', orderingKey: 'k' })).toEqual({ enqueued: false });
      expect(await q.enqueue('dedup', { n: 4 }, { jobId: 'job-b' })).toEqual({ enqueued: true });
      expect(await q.enqueue('other-queue', { n: 5 }, { jobId: 'job-a' })).toEqual({ enqueued: true });
      await q.process<{ n: number }>('dedup', async (job) => {
        runs.push({ id: job.id, n: job.data.n });
      });
      await waitFor('both jobs', () => runs.length === 2);
      expect(await other.enqueue('dedup', { n: 6 }, { jobId: 'job-a' })).toEqual({ enqueued: false });
      await sleep(200);
      expect(runs).toEqual([
        { id: 'job-a', n: 1 },
        { id: 'job-b', n: 4 },
      ]);
    });

    it('retries a failing job with backoff until it succeeds, counting attempts from 1', async () => {
      const q = fixture.open();
      const attempts: number[] = [];
      const failures: Failure[] = [];
      let succeeded = false;
      await q.process<{ x: string }>(
        'retry',
        async (job) => {
          attempts.push(job.attempt);
          expect(job).toMatchObject({ id: 'flaky', queue: 'retry', data: { x: 'é ✓' }, orderingKey: undefined });
          if (job.attempt < 3) throw new Error(`try ${job.attempt} fails`);
          succeeded = true;
        },
        { onFailed: (job, error) => failures.push({ id: job.id, attempt: job.attempt, error }) },
      );
      await q.enqueue('retry', { x: 'é ✓' }, { jobId: 'flaky', attempts: 3, backoffMs: 10 });
      await waitFor('success', () => succeeded);
      await sleep(100);
      expect(attempts).toEqual([1, 2, 3]);
      expect(failures).toEqual([]);
    });

    it('does not retry a PermanentJobError and reports it once to onFailed', async () => {
      const q = fixture.open();
      const attempts: number[] = [];
      const failures: Failure[] = [];
      await q.process(
        'permanent',
        async (job) => {
          attempts.push(job.attempt);
          throw new PermanentJobError('no such session');
        },
        { onFailed: (job, error) => failures.push({ id: job.id, attempt: job.attempt, error }) },
      );
      await q.enqueue('permanent', {}, { jobId: 'doomed', attempts: 5, backoffMs: 10 });
      await waitFor('onFailed', () => failures.length > 0);
      await sleep(200);
      expect(attempts).toEqual([1]);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ id: 'doomed', attempt: 1 });
      expect(failures[0]!.error).toBeInstanceOf(PermanentJobError);
      expect(failures[0]!.error.message).toBe('no such session');
      expect((failures[0]!.error as PermanentJobError).code).toBe('JOB_PERMANENT_FAILURE');
    });

    it('reports a job to onFailed once when its tries are exhausted', async () => {
      const q = fixture.open();
      const attempts: number[] = [];
      const failures: Failure[] = [];
      await q.process(
        'exhausted',
        async (job) => {
          attempts.push(job.attempt);
          throw new Error('boom');
        },
        { onFailed: (job, error) => failures.push({ id: job.id, attempt: job.attempt, error }) },
      );
      await q.enqueue('exhausted', {}, { jobId: 'always-fails', attempts: 3, backoffMs: 10 });
      await waitFor('onFailed', () => failures.length > 0);
      await sleep(200);
      expect(attempts).toEqual([1, 2, 3]);
      expect(failures.map((f) => [f.id, f.attempt, f.error.message])).toEqual([['always-fails', 3, 'boom']]);
    });

    it('runs the jobs of one ordering key one at a time in enqueue order, keys in parallel, across processes', async () => {
      const workers = fixture.shared ? [fixture.open(), fixture.open()] : [fixture.open()];
      const durations = [60, 10, 40, 20, 30];
      const started: Record<string, string[]> = { A: [], B: [] };
      const running = new Set<string>();
      const overlaps: string[] = [];
      const runsById = new Map<string, number>();
      let mostKeysAtOnce = 0;
      const handler = async (job: JobContext<{ ms: number }>) => {
        const key = job.orderingKey!;
        if (running.has(key)) overlaps.push(job.id);
        running.add(key);
        mostKeysAtOnce = Math.max(mostKeysAtOnce, running.size);
        started[key]!.push(job.id);
        runsById.set(job.id, (runsById.get(job.id) ?? 0) + 1);
        // Each key's first job waits (up to 5 s) for the other key's: keys that cannot run in parallel leave
        // mostKeysAtOnce at 1, however slow the machine.
        if (job.id.endsWith('-0')) await waitFor('both keys', () => started.A!.length > 0 && started.B!.length > 0, 5_000).catch(() => undefined);
        await sleep(job.data.ms);
        running.delete(key);
      };
      for (const w of workers) await w.process('ordered', handler, { concurrency: 4 });
      for (let i = 0; i < 5; i++) {
        for (const key of ['A', 'B']) {
          await workers[i % workers.length]!.enqueue('ordered', { ms: durations[i]! }, { jobId: `${key}-${i}`, orderingKey: key });
        }
      }
      await waitFor('10 jobs', () => started.A!.length + started.B!.length === 10 && running.size === 0);
      await sleep(100);
      expect(started.A).toEqual(['A-0', 'A-1', 'A-2', 'A-3', 'A-4']);
      expect(started.B).toEqual(['B-0', 'B-1', 'B-2', 'B-3', 'B-4']);
      expect(overlaps).toEqual([]);
      expect([...runsById.values()]).toEqual(Array<number>(10).fill(1));
      expect(mostKeysAtOnce).toBe(2);
    });

    it('keeps a retried job ahead of the next job of its key', async () => {
      const q = fixture.open();
      const starts: string[] = [];
      await q.process('ordered-retry', async (job) => {
        starts.push(`${job.id}#${job.attempt}`);
        if (job.id === 'first' && job.attempt === 1) throw new Error('once');
      });
      await q.enqueue('ordered-retry', {}, { jobId: 'first', orderingKey: 'K', backoffMs: 100 });
      await q.enqueue('ordered-retry', {}, { jobId: 'second', orderingKey: 'K' });
      await waitFor('three starts', () => starts.length === 3);
      expect(starts).toEqual(['first#1', 'first#2', 'second#1']);
    });

    it('runs a delayed job no sooner than its delay, after jobs enqueued later without one', async () => {
      const q = fixture.open();
      const ran: Array<{ id: string; at: number }> = [];
      await q.process('delayed', async (job) => {
        ran.push({ id: job.id, at: Date.now() });
      });
      const enqueuedAt = Date.now();
      await q.enqueue('delayed', {}, { jobId: 'later', delayMs: 500 });
      await q.enqueue('delayed', {}, { jobId: 'now' });
      await waitFor('both jobs', () => ran.length === 2);
      expect(ran.map((r) => r.id)).toEqual(['now', 'later']);
      expect(ran[1]!.at - enqueuedAt).toBeGreaterThanOrEqual(480);
    });

    it('debounce replaces the data and delay of a still-delayed job; plain enqueue and finished jobs are kept', async () => {
      const q = fixture.open();
      const runs: Array<{ id: string; v: number }> = [];
      await q.process<{ v: number }>('debounced', async (job) => {
        runs.push({ id: job.id, v: job.data.v });
      });
      expect(await q.enqueue('debounced', { v: 1 }, { jobId: 'idle-s1', delayMs: 60_000 })).toEqual({ enqueued: true });
      expect(await q.enqueue('debounced', { v: 2 }, { jobId: 'idle-s1', delayMs: 60_000, debounce: true })).toEqual({ enqueued: true });
      expect(await q.enqueue('debounced', { v: 3 }, { jobId: 'idle-s1', delayMs: 100, debounce: true })).toEqual({ enqueued: true });
      expect(await q.enqueue('debounced', { v: 1 }, { jobId: 'plain', delayMs: 200 })).toEqual({ enqueued: true });
      expect(await q.enqueue('debounced', { v: 2 }, { jobId: 'plain', delayMs: 200 })).toEqual({ enqueued: false });
      await waitFor('both jobs', () => runs.length === 2, 5_000);
      expect(await q.enqueue('debounced', { v: 4 }, { jobId: 'idle-s1', delayMs: 10, debounce: true })).toEqual({ enqueued: false });
      await sleep(200);
      expect(runs).toEqual([
        { id: 'idle-s1', v: 3 },
        { id: 'plain', v: 1 },
      ]);
    });

    it('pauseKey holds a key’s waiting jobs, waiting() lists them oldest first, resumeKey releases them', async () => {
      const q = fixture.open();
      const ran: string[] = [];
      await q.pauseKey('held', 'K');
      for (const id of ['k-1', 'k-2', 'k-3']) await q.enqueue('held', { id }, { jobId: id, orderingKey: 'K' });
      await q.enqueue('held', { id: 'b-1' }, { jobId: 'b-1', orderingKey: 'B' });
      expect(await q.waiting('held', 'K')).toEqual(['k-1', 'k-2', 'k-3'].map((id) => ({ id, data: { id } })));
      await q.process('held', async (job) => {
        ran.push(job.id);
      });
      await waitFor('the other key', () => ran.includes('b-1'));
      await sleep(200);
      expect(ran).toEqual(['b-1']);
      expect((await q.waiting('held', 'K')).map((j) => j.id)).toEqual(['k-1', 'k-2', 'k-3']);
      await q.resumeKey('held', 'K');
      await waitFor('the held jobs', () => ran.length === 4);
      expect(ran).toEqual(['b-1', 'k-1', 'k-2', 'k-3']);
      expect(await q.waiting('held', 'K')).toEqual([]);
    });

    it('moveToFront runs a waiting job of a key next, ahead of those enqueued before it; false for one not waiting', async () => {
      const q = fixture.open();
      const first = gate();
      const ran: string[] = [];
      await q.process('front', async (job) => {
        ran.push(job.id);
        if (job.id === 'f-1') await first.promise;
      });
      for (const id of ['f-1', 'f-2', 'f-3', 'f-4']) await q.enqueue('front', {}, { jobId: id, orderingKey: 'K' });
      await waitFor('the first job', () => ran.includes('f-1'));
      expect(await q.moveToFront('front', 'K', 'f-4')).toBe(true);
      expect((await q.waiting('front', 'K')).map((j) => j.id)).toEqual(['f-4', 'f-2', 'f-3']);
      expect(await q.moveToFront('front', 'K', 'f-1')).toBe(false); // running
      expect(await q.moveToFront('front', 'OTHER', 'f-3')).toBe(false); // not under that key
      expect(await q.moveToFront('front', 'K', 'nope')).toBe(false);
      first.open();
      await waitFor('every job', () => ran.length === 4);
      expect(ran).toEqual(['f-1', 'f-4', 'f-2', 'f-3']);
    });

    it('moveToFront on a paused key reorders it and keeps it paused', async () => {
      const q = fixture.open();
      const ran: string[] = [];
      await q.pauseKey('front-held', 'K');
      for (const id of ['h-1', 'h-2', 'h-3']) await q.enqueue('front-held', {}, { jobId: id, orderingKey: 'K' });
      await q.process('front-held', async (job) => {
        ran.push(job.id);
      });
      expect(await q.moveToFront('front-held', 'K', 'h-3')).toBe(true);
      await sleep(200);
      expect(ran).toEqual([]);
      await q.resumeKey('front-held', 'K');
      await waitFor('the held jobs', () => ran.length === 3);
      expect(ran).toEqual(['h-3', 'h-1', 'h-2']);
    });

    it('pauseKey lets the running job finish and holds the next one', async () => {
      const q = fixture.open();
      const first = gate();
      const ran: string[] = [];
      await q.process('pause-running', async (job) => {
        ran.push(`${job.id} started`);
        if (job.id === 'p-1') await first.promise;
        ran.push(`${job.id} done`);
      });
      await q.enqueue('pause-running', {}, { jobId: 'p-1', orderingKey: 'K' });
      await q.enqueue('pause-running', {}, { jobId: 'p-2', orderingKey: 'K' });
      await waitFor('the first job', () => ran.includes('p-1 started'));
      await q.pauseKey('pause-running', 'K');
      first.open();
      await waitFor('the first job to finish', () => ran.includes('p-1 done'));
      await sleep(200);
      expect(ran).toEqual(['p-1 started', 'p-1 done']);
      expect((await q.waiting('pause-running', 'K')).map((j) => j.id)).toEqual(['p-2']);
      await q.resumeKey('pause-running', 'K');
      await waitFor('the second job', () => ran.includes('p-2 done'));
    });

    it('close() lets a running job finish first', async () => {
      const q = fixture.open();
      const events: string[] = [];
      await q.process('closing', async () => {
        events.push('started');
        await sleep(300);
        events.push('finished');
      });
      await q.enqueue('closing', {}, { jobId: 'slow' });
      await waitFor('the job', () => events.includes('started'));
      await q.close({ timeoutMs: 5_000 });
      expect(events).toEqual(['started', 'finished']);
    });

    it('close() returns at its timeout when a job does not finish', async () => {
      const q = fixture.open();
      const stuck = gate();
      let started = false;
      await q.process('stuck', async () => {
        started = true;
        await stuck.promise;
      });
      await q.enqueue('stuck', {}, { jobId: 'never-ends' });
      await waitFor('the job', () => started);
      const closing = q.close({ timeoutMs: 200 }).then(() => 'closed');
      const outcome = await Promise.race([closing, sleep(5_000).then(() => 'still waiting')]);
      stuck.open();
      expect(outcome).toBe('closed');
    });

    it('refuses a second process() of one queue and bad options, with codes', async () => {
      const q = fixture.open();
      await q.process('once', async () => {});
      await expect(q.process('once', async () => {})).rejects.toMatchObject({ code: 'QUEUE_ALREADY_PROCESSED' });
      await expect(q.enqueue('once', {}, { jobId: 'a:b' })).rejects.toMatchObject({ code: 'INVALID_JOB_OPTIONS' });
      await expect(q.enqueue('once', {}, { jobId: 'x', attempts: 0 })).rejects.toMatchObject({ code: 'INVALID_JOB_OPTIONS' });
    });
  });
}
