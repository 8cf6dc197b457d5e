/**
 * The JobQueue on BullMQ and Redis (ioredis), for Kap scaled out over processes. No BullMQ or ioredis type
 * leaves this file and `bullmq/` beside it.
 *
 * - Ids: BullMQ's own custom job id (`j.<id>`, see `bullmq/names.ts`). `Queue.add` with an id that exists
 *   returns a Job built from the *new* arguments, so it cannot tell "added" from "already there"; each add
 *   carries a fresh UUID as the job's name, and the job hash's `name` read back tells whether this add created
 *   it (only the creating add writes the hash, in the same Lua script that checks the id: race-free). A
 *   `SET NX` owner key per id keeps an id unique across the queue's ordering keys (it expires with the job's
 *   retention).
 * - Ordering: one BullMQ queue per (queue, ordering key), `setGlobalConcurrency(1)`: one running job per key
 *   across every process, FIFO (`bullmq/keyWorkerPool.ts` starts and stops the per-key workers). A job with a
 *   key is retried in place (attempts and backoff inside its run) so the next job of its key cannot start
 *   between its tries; a job without a key is retried by BullMQ (`attempts`, exponential `backoff`).
 * - Debounce: `Job.changeDelay` (fails unless the job is still delayed) then `Job.updateData`. BullMQ's own
 *   deduplication (`replace`) cannot be used: it checks the job id before deduplicating, and replacing mints a
 *   new job id, so a finished id would no longer be a no-op. A job whose new delay runs out before the data
 *   update lands (a delay shorter than one round trip) runs with the previous data.
 * - `close()`: workers stop taking jobs and wait for running ones; at the timeout their connections are
 *   dropped, the running job's lock lapses (`lockDurationMs`) and another worker re-runs it as stalled.
 * - Redis away: ioredis reconnects, and `maxRetriesPerRequest: null` (BullMQ's requirement for workers) holds
 *   commands, `enqueue` included, until it is back, so nothing is lost with Redis persisting (AOF). A worker
 *   waits 5 s after a connection error before fetching again (BullMQ), so work resumes within ~10 s.
 * - Costs and limits: a BullMQ Worker holds two Redis connections, so a process holds two per ordering key
 *   with jobs (idle ones close after `idleKeyWorkerMs`): fine for hundreds of live keys, not for 100,000s.
 *   A job that stalls more than BullMQ's `maxStalledCount` (1) is failed by BullMQ without `onFailed`.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { PermanentJobError, type JobContext, type JobHandler, type JobQueue, type ProcessOptions } from './jobQueue.js';
import { asError, backoffDelayMs, checkQueueName, JOB_DEFAULTS, JobQueueError, resolveEnqueueOptions } from './jobOptions.js';
import { bullJobId, bullQueueName, kapJobId, kapKeys } from './bullmq/names.js';
import { KeyWorkerPool } from './bullmq/keyWorkerPool.js';
import { Semaphore } from './bullmq/semaphore.js';

export interface BullmqJobQueueOptions {
  /** e.g. `redis://127.0.0.1:6379` */
  url: string;
  /** Prefix of every Redis key (BullMQ's and Kap's); tests use a unique one. Default `kap-jobs`. */
  prefix?: string;
  /** How long a finished job (so its id) is kept, in ms; BullMQ trims when later jobs finish. Default 24 h. */
  keepFinishedMs?: number;
  /** At most this many finished jobs kept per BullMQ queue (per ordering key). Default 10,000. */
  keepFinishedCount?: number;
  /** A running job's lock; a job whose worker vanished is re-run after about this long, in ms. Default 30 s. */
  lockDurationMs?: number;
  /** A key's worker closes after its key had no job for this long, in ms. Default 60 s. */
  idleKeyWorkerMs?: number;
  /** The known ordering keys are re-read this often, in ms (for a pub/sub notice lost). Default 10 s. */
  rescanKeysMs?: number;
  /** Errors BullMQ and ioredis report in the background (they retry on their own). Default: ignored. */
  onError?: (error: Error) => void;
}

/** A job's data in Redis: the caller's data, its ordering key, and (for in-place retries) tries and backoff. */
interface Payload {
  d: unknown;
  k?: string;
  a: number;
  b: number;
}

const MAX_CACHED_QUEUES = 1_000;
/** How long `close()` gives each step after the running jobs (disconnects, queue closes, QUIT), in ms. */
const TAIL_MS = 1_000;

/** Whether `promise` settled within `ms`; a rejection goes to `onError` (and counts as settled). */
async function within(promise: Promise<unknown>, ms: number, onError: (error: unknown) => void): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    (error: unknown) => {
      onError(error);
      return true;
    },
  );
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}

export function createBullmqJobQueue(options: BullmqJobQueueOptions): JobQueue {
  const prefix = options.prefix ?? 'kap-jobs';
  const keepMs = options.keepFinishedMs ?? 24 * 3600_000;
  const keep = { age: Math.ceil(keepMs / 1000), count: options.keepFinishedCount ?? 10_000 };
  const onError = (error: unknown) => options.onError?.(asError(error));
  const redis = new Redis(options.url, { maxRetriesPerRequest: null });
  redis.on('error', onError);
  const queues = new Map<string, Promise<Queue<Payload>>>();
  const processed = new Map<string, { base: Worker<Payload>; pool: KeyWorkerPool }>();
  const pools = new Map<string, KeyWorkerPool>();
  let subscriber: Redis | undefined;
  let closing: Promise<void> | undefined;

  const assertOpen = () => {
    if (closing) throw new JobQueueError('JOB_QUEUE_CLOSED', 'the job queue is closed');
  };

  /** The BullMQ queue `name` (cached; a per-key queue gets global concurrency 1 before first use). */
  const bullQueue = (name: string): Promise<Queue<Payload>> => {
    const cached = queues.get(name);
    if (cached) {
      queues.delete(name);
      queues.set(name, cached);
      return cached;
    }
    const queue = new Queue<Payload>(name, { connection: redis, prefix });
    queue.on('error', onError);
    const ready = name.includes('#') ? queue.setGlobalConcurrency(1).then(() => queue) : Promise.resolve(queue);
    queues.set(name, ready);
    ready.catch(() => queues.delete(name));
    for (const [oldest, q] of queues) {
      if (queues.size <= MAX_CACHED_QUEUES) break;
      queues.delete(oldest);
      void q.then((old) => old.close()).catch(onError);
    }
    return ready;
  };

  /** Replaces a still-delayed job's delay and data. False when it is no longer delayed (or gone). */
  const debounce = async (queue: Queue<Payload>, bullId: string, payload: Payload, delayMs: number) => {
    const job = await queue.getJob(bullId);
    if (!job) return false;
    try {
      await job.changeDelay(delayMs);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === ErrorCode.JobNotInState || code === ErrorCode.JobNotExist) return false;
      throw error;
    }
    await job.updateData(payload);
    return true;
  };

  // No `skipVersionCheck`: BullMQ 6.7 then assumes an old Redis and rounds every block up to 1 s, so a retry
  // 10 ms away ran a second later.
  const workerOptions = (concurrency: number) => ({
    connection: redis,
    prefix,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.lockDurationMs ?? 30_000,
  });

  const subscribe = async (queue: string, pool: KeyWorkerPool) => {
    if (!subscriber) {
      subscriber = redis.duplicate();
      subscriber.on('error', onError);
      subscriber.on('message', (channel: string, key: string) => pools.get(channel)?.ensure(key));
      subscriber.on('ready', () => pools.forEach((p) => void p.rescan()));
    }
    const channel = kapKeys(prefix, queue).newJobs;
    pools.set(channel, pool);
    await subscriber.subscribe(channel);
  };

  return {
    async enqueue<T>(queue: string, data: T, enqueueOptions: Parameters<JobQueue['enqueue']>[2]) {
      assertOpen();
      checkQueueName(queue);
      const o = resolveEnqueueOptions(enqueueOptions);
      const name = bullQueueName(queue, o.orderingKey);
      const keys = kapKeys(prefix, queue);
      const owner = await redis.set(keys.jobOwner(o.jobId), name, 'PX', o.delayMs + keepMs, 'NX', 'GET');
      if (owner !== null && owner !== name) return { enqueued: false };
      const q = await bullQueue(name);
      const bullId = bullJobId(o.jobId);
      const nonce = randomUUID();
      const payload: Payload = { d: data, k: o.orderingKey, a: o.attempts, b: o.backoffMs };
      const retries = o.orderingKey === undefined ? { attempts: o.attempts, backoff: { type: 'exponential', delay: o.backoffMs } } : { attempts: 1 };
      await q.add(nonce, payload, { jobId: bullId, delay: o.delayMs, removeOnComplete: keep, removeOnFail: keep, ...retries });
      if (o.orderingKey !== undefined) {
        // Always, even for an id already there: a crash after an earlier add must not leave its key unknown.
        await redis.multi().sadd(keys.orderingKeys, o.orderingKey).publish(keys.newJobs, o.orderingKey).exec();
      }
      if ((await redis.hget(q.toKey(bullId), 'name')) === nonce) return { enqueued: true };
      return { enqueued: o.debounce && (await debounce(q, bullId, payload, o.delayMs)) };
    },

    async process<T>(queue: string, handler: JobHandler<T>, processOptions: ProcessOptions<T> = {}) {
      assertOpen();
      checkQueueName(queue);
      if (processed.has(queue)) throw new JobQueueError('QUEUE_ALREADY_PROCESSED', `queue ${queue} is already processed here`);
      const concurrency = processOptions.concurrency ?? JOB_DEFAULTS.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new JobQueueError('INVALID_JOB_OPTIONS', `concurrency ${concurrency}: must be an integer ≥ 1`);
      const permits = new Semaphore(concurrency);
      const thrown = new WeakMap<Error, { error: Error; attempt: number }>();
      const context = (job: Job<Payload>, attempt: number): JobContext<T> => ({
        id: kapJobId(job.id ?? ''),
        queue,
        data: job.data.d as T,
        attempt,
        orderingKey: job.data.k,
      });
      const tryOnce = async (job: Job<Payload>, attempt: number): Promise<Error | undefined> => {
        try {
          await permits.run(() => handler(context(job, attempt)));
          return undefined;
        } catch (error) {
          return asError(error);
        }
      };
      /** What BullMQ gets to see: `UnrecoverableError` for a permanent failure (so it does not retry). */
      const toBullmq = (error: Error, attempt: number) => {
        const out = error instanceof PermanentJobError ? new UnrecoverableError(error.message) : error;
        thrown.set(out, { error, attempt });
        return out;
      };
      const unordered = async (job: Job<Payload>) => {
        const attempt = job.attemptsMade + 1;
        const error = await tryOnce(job, attempt);
        if (error) throw toBullmq(error, attempt);
      };
      const ordered = async (job: Job<Payload>) => {
        for (let attempt = 1; ; attempt++) {
          const error = await tryOnce(job, attempt);
          if (!error) return;
          if (error instanceof PermanentJobError || attempt >= job.data.a) throw toBullmq(error, attempt);
          await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(job.data.b, attempt)));
        }
      };
      const wire = (worker: Worker<Payload>) => {
        worker.on('error', onError);
        worker.on('failed', (job, error) => {
          if (!job?.finishedOn || !processOptions.onFailed) return; // not failed for good: BullMQ retries it
          const original = thrown.get(error);
          try {
            processOptions.onFailed(context(job, original?.attempt ?? job.attemptsMade), original?.error ?? error);
          } catch (callbackError) {
            onError(callbackError);
          }
        });
        return worker;
      };
      const keys = kapKeys(prefix, queue);
      const pool = new KeyWorkerPool({
        start: async (key) => {
          const name = bullQueueName(queue, key);
          await bullQueue(name);
          return wire(new Worker<Payload>(name, ordered, workerOptions(1)));
        },
        knownKeys: () => redis.smembers(keys.orderingKeys),
        unfinishedJobs: async (key) => {
          const counts = await (await bullQueue(bullQueueName(queue, key))).getJobCounts('wait', 'delayed', 'active', 'prioritized');
          return Object.values(counts).reduce((sum, n) => sum + n, 0);
        },
        forgetKey: async (key) => void (await redis.srem(keys.orderingKeys, key)),
        rememberKey: async (key) => void (await redis.sadd(keys.orderingKeys, key)),
        idleMs: options.idleKeyWorkerMs ?? 60_000,
        tickMs: options.rescanKeysMs ?? 10_000,
        onError,
      });
      processed.set(queue, { base: wire(new Worker<Payload>(queue, unordered, workerOptions(concurrency))), pool });
      await subscribe(queue, pool);
      await pool.start();
    },

    async pauseKey(queue, orderingKey) {
      checkQueueName(queue);
      await (await bullQueue(bullQueueName(queue, orderingKey))).pause();
    },

    async resumeKey(queue, orderingKey) {
      checkQueueName(queue);
      await (await bullQueue(bullQueueName(queue, orderingKey))).resume();
    },

    async moveToFront(queue, orderingKey, jobId) {
      checkQueueName(queue);
      const bull = await bullQueue(bullQueueName(queue, orderingKey));
      const job = await bull.getJob(bullJobId(jobId));
      if (!job || !['waiting', 'prioritized'].includes(await job.getState())) return false;
      // Workers take a key's jobs from the right end of its wait list; priority 0 with lifo re-adds it there,
      // in one Lua script (a job that started meanwhile is left where it is).
      await job.changePriority({ priority: 0, lifo: true });
      return true;
    },

    async waiting<T>(queue: string, orderingKey: string) {
      checkQueueName(queue);
      const jobs = await (await bullQueue(bullQueueName(queue, orderingKey))).getJobs(['wait', 'prioritized'], 0, -1, true);
      return jobs.map((job) => ({ id: kapJobId(job.id ?? ''), data: job.data.d as T }));
    },

    close(closeOptions = {}) {
      closing ??= (async () => {
        const workers = [...processed.values()];
        const graceful = Promise.all(workers.flatMap(({ base, pool }) => [base.close(), pool.close()]));
        const inTime = await within(graceful, closeOptions.timeoutMs ?? JOB_DEFAULTS.closeTimeoutMs, onError);
        if (!inTime) await within(Promise.all(workers.flatMap(({ base, pool }) => [base.disconnect(), pool.close(true)])), TAIL_MS, onError);
        subscriber?.disconnect();
        await within(Promise.all([...queues.values()].map(async (q) => (await q).close())), TAIL_MS, onError);
        // With Redis away, QUIT would wait for it forever (maxRetriesPerRequest: null).
        if (!inTime || !(await within(redis.quit(), TAIL_MS, onError))) redis.disconnect();
      })();
      return closing;
    },
  };
}
