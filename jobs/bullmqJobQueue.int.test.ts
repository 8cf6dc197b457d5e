import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { removeRedisKeys } from '../test/support/redisKeys.js';
import { afterAll, describe, expect, it } from 'vitest';
import { describeJobQueueContract } from './jobQueue.contract.js';
import { createBullmqJobQueue, type BullmqJobQueueOptions } from './bullmqJobQueue.js';
import { kapKeys } from './bullmq/names.js';
import type { JobQueue } from './jobQueue.js';

// Real Redis (always up on 127.0.0.1:6379 here and in CI); a unique prefix per test keeps runs apart.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const admin = new Redis(url);
afterAll(async () => {
  await admin.quit();
});

function fixture(extra: Partial<BullmqJobQueueOptions> = {}) {
  const prefix = `kap-test-${randomUUID()}`;
  const opened: JobQueue[] = [];
  return {
    prefix,
    shared: true,
    open() {
      const q = createBullmqJobQueue({ url, prefix, lockDurationMs: 5_000, ...extra });
      opened.push(q);
      return q;
    },
    async dispose() {
      await Promise.all(opened.map((q) => q.close({ timeoutMs: 2_000 })));
      await removeRedisKeys(admin, prefix);
    },
  };
}

describeJobQueueContract('BullMQ', () => fixture());

describe('BullMQ JobQueue key workers', () => {
  it('closes an idle key’s worker, drops the key, and still runs a later job of that key', async () => {
    const f = fixture({ idleKeyWorkerMs: 100, rescanKeysMs: 50 });
    try {
      const q = f.open();
      const ran: string[] = [];
      await q.process('idle', async (job) => void ran.push(job.id));
      await q.enqueue('idle', {}, { jobId: 'one', orderingKey: 'session-1' });
      const keysSet = kapKeys(f.prefix, 'idle').orderingKeys;
      await expect.poll(() => ran, { timeout: 10_000 }).toEqual(['one']);
      await expect.poll(() => admin.smembers(keysSet), { timeout: 10_000 }).toEqual([]);
      await q.enqueue('idle', {}, { jobId: 'two', orderingKey: 'session-1' });
      await expect.poll(() => ran, { timeout: 10_000 }).toEqual(['one', 'two']);
    } finally {
      await f.dispose();
    }
  });

  it('starts workers for keys that got jobs before process() was called (another process enqueued them)', async () => {
    const f = fixture();
    try {
      const producer = f.open();
      for (const key of ['a', 'b:with:colons', 'c#hash']) await producer.enqueue('late', { key }, { jobId: `job-${key.replace(/:/g, '_')}`, orderingKey: key });
      const consumer = f.open();
      const ran: Array<string | undefined> = [];
      await consumer.process('late', async (job) => void ran.push(job.orderingKey), { concurrency: 3 });
      await expect.poll(() => [...ran].sort(), { timeout: 10_000 }).toEqual(['a', 'b:with:colons', 'c#hash']);
    } finally {
      await f.dispose();
    }
  });
});
