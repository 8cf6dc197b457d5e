/**
 * The BullMQ JobQueue across a Redis restart, on a Redis of its own (never the shared one on 6379): AOF with
 * `appendfsync always`, so what Redis acknowledged survives. Every job must run exactly once: effects are
 * counted by job id. A job that finished while Redis was away completes when it is back (ioredis holds the
 * command, and the job's lock, kept in the AOF, has not lapsed: the outage is shorter than `lockDurationMs`).
 * After a connection error a BullMQ worker waits 5 s before fetching again, so resuming can take ~10 s.
 */
import type { ChildProcess } from 'node:child_process';
import { freePort, startRedis, stopRedis } from '../test/support/privateRedis.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqJobQueue } from './bullmqJobQueue.js';
import type { JobContext, JobQueue } from './jobQueue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('BullMQ JobQueue across a Redis restart', () => {
  let port: number;
  let dir: string;
  let url: string;
  let server: ChildProcess | undefined;
  const opened: JobQueue[] = [];

  const open = () => {
    const q = createBullmqJobQueue({ url, prefix: 'restart', lockDurationMs: 5_000 });
    opened.push(q);
    return q;
  };
  /** Job id → how many times its effect was applied, and the order each key's jobs ran in. */
  const recorder = () => {
    const effects = new Map<string, number>();
    const byKey = new Map<string, string[]>();
    const handler = async (job: JobContext<{ ms: number }>) => {
      await sleep(job.data.ms);
      effects.set(job.id, (effects.get(job.id) ?? 0) + 1);
      if (job.orderingKey !== undefined) byKey.set(job.orderingKey, [...(byKey.get(job.orderingKey) ?? []), job.id]);
    };
    return { effects, byKey, handler };
  };

  beforeAll(async () => {
    port = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'kap-redis-restart-'));
    url = `redis://127.0.0.1:${port}`;
    server = await startRedis(port, dir);
  });
  afterAll(async () => {
    await Promise.all(opened.map((q) => q.close({ timeoutMs: 1_000 })));
    if (server) await stopRedis(server);
    await rm(dir, { recursive: true, force: true });
  });

  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('keeps jobs enqueued before the restart and runs each once, keys in order', async () => {
    const producer = open();
    for (const id of ids('free', 10)) await producer.enqueue('restart-queued', { ms: 5 }, { jobId: id });
    for (const key of ['A', 'B']) for (const id of ids(key, 10)) await producer.enqueue('restart-queued', { ms: 5 }, { jobId: id, orderingKey: key });
    await producer.enqueue('restart-queued', { ms: 5 }, { jobId: 'delayed', delayMs: 300 });
    await producer.close();

    await stopRedis(server!);
    server = await startRedis(port, dir);

    const { effects, byKey, handler } = recorder();
    await open().process('restart-queued', handler, { concurrency: 4 });
    const all = [...ids('free', 10), ...ids('A', 10), ...ids('B', 10), 'delayed'];
    await waitFor('every job', () => all.every((id) => effects.has(id)));
    await sleep(300);
    expect([...effects.keys()].sort()).toEqual([...all].sort());
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(byKey.get('A')).toEqual(ids('A', 10));
    expect(byKey.get('B')).toEqual(ids('B', 10));
  });

  it('loses nothing when Redis goes down while jobs run, and takes an enqueue made while it is down', async () => {
    const { effects, byKey, handler } = recorder();
    const worker = open();
    await worker.process('restart-running', handler, { concurrency: 4 });
    for (const id of ids('free', 20)) await worker.enqueue('restart-running', { ms: 80 }, { jobId: id });
    for (const id of ids('K', 20)) await worker.enqueue('restart-running', { ms: 30 }, { jobId: id, orderingKey: 'K' });
    await waitFor('the first jobs', () => effects.size >= 5);

    await stopRedis(server!);
    const whileDown = worker.enqueue('restart-running', { ms: 1 }, { jobId: 'while-down' });
    await sleep(500);
    server = await startRedis(port, dir);

    expect(await whileDown).toEqual({ enqueued: true });
    const all = [...ids('free', 20), ...ids('K', 20), 'while-down'];
    await waitFor('every job', () => all.every((id) => effects.has(id)), 40_000);
    await sleep(300);
    expect([...effects.keys()].sort()).toEqual([...all].sort());
    expect([...effects].filter(([, n]) => n !== 1)).toEqual([]);
    expect(byKey.get('K')).toEqual(ids('K', 20));
  }, 60_000);
});
