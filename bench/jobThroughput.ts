/**
 * Job throughput: no-op jobs through the JobQueue port, BullMQ on Redis against the in-process adapter. Per
 * scenario, `jobs` jobs are enqueued first (up to 64 enqueues in flight), then one `process()` runs them all;
 * both phases are timed. Scenarios: concurrency 1 and 8 without ordering keys, and concurrency 8 with the jobs
 * spread over 50 ordering keys (BullMQ: 50 per-key queues and workers) and over one key.
 * Redis: `REDIS_URL` or 127.0.0.1:6379, under a unique prefix removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { removeRedisKeys } from '../test/support/redisKeys.js';
import { createBullmqJobQueue } from '../jobs/bullmqJobQueue.js';
import { createInProcessJobQueue } from '../jobs/inProcessJobQueue.js';
import type { JobQueue } from '../jobs/jobQueue.js';

export interface JobBenchRow {
  adapter: 'in-process' | 'bullmq';
  scenario: string;
  jobs: number;
  concurrency: number;
  /** Distinct ordering keys (0: none). */
  orderingKeys: number;
  enqueuePerSecond: number;
  processPerSecond: number;
}

const SCENARIOS = [
  { scenario: 'no keys, concurrency 1', concurrency: 1, orderingKeys: 0 },
  { scenario: 'no keys, concurrency 8', concurrency: 8, orderingKeys: 0 },
  { scenario: '50 ordering keys, concurrency 8', concurrency: 8, orderingKeys: 50 },
  { scenario: '1 ordering key, concurrency 8', concurrency: 8, orderingKeys: 1 },
];

async function removeKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  await removeRedisKeys(redis, prefix);
  await redis.quit();
}

async function runScenario(queue: JobQueue, jobs: number, concurrency: number, orderingKeys: number) {
  const startEnqueue = performance.now();
  let next = 0;
  const enqueueSome = async () => {
    while (next < jobs) {
      const i = next++;
      const orderingKey = orderingKeys > 0 ? `key-${i % orderingKeys}` : undefined;
      await queue.enqueue('bench', { i }, { jobId: `job-${i}`, orderingKey });
    }
  };
  await Promise.all(Array.from({ length: 64 }, enqueueSome));
  const enqueueMs = performance.now() - startEnqueue;

  let done = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const startProcess = performance.now();
  await queue.process(
    'bench',
    async () => {
      if (++done === jobs) allDone();
    },
    { concurrency },
  );
  await finished;
  const processMs = performance.now() - startProcess;
  return { enqueuePerSecond: (jobs / enqueueMs) * 1000, processPerSecond: (jobs / processMs) * 1000 };
}

/** Runs every scenario on both adapters; `jobs` per scenario (default 5,000). */
export async function benchJobs(options: { jobs?: number; url?: string } = {}): Promise<JobBenchRow[]> {
  const jobs = options.jobs ?? 5_000;
  const url = options.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const rows: JobBenchRow[] = [];
  for (const s of SCENARIOS) {
    for (const adapter of ['in-process', 'bullmq'] as const) {
      const prefix = `kap-bench-${randomUUID()}`;
      const queue = adapter === 'bullmq' ? createBullmqJobQueue({ url, prefix }) : createInProcessJobQueue();
      try {
        const r = await runScenario(queue, jobs, s.concurrency, s.orderingKeys);
        rows.push({ adapter, scenario: s.scenario, jobs, concurrency: s.concurrency, orderingKeys: s.orderingKeys, ...r });
      } finally {
        await queue.close({ timeoutMs: 5_000 });
        if (adapter === 'bullmq') await removeKeys(url, prefix);
      }
    }
  }
  return rows;
}
