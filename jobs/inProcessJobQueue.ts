/**
 * The in-process JobQueue: Kap's embedded default (one process, no Redis). Jobs live in memory only: a job
 * still waiting, delayed or backing off when the process stops is lost (`close()` drops them). Use the BullMQ
 * adapter when jobs must survive a restart or be shared between processes.
 *
 * Per queue: `runnable` holds what may start now, in order; a job with an ordering key first waits in its
 * key's lane, and only the lane's head enters `runnable`, when the key is neither busy nor paused. A key stays
 * busy from its job's first try until that job is finished, backoff waits included, so a retried job still
 * runs before the next job of its key (the port's "one at a time, in enqueue order").
 */
import {
  PermanentJobError,
  type EnqueueOptions,
  type JobContext,
  type JobHandler,
  type JobQueue,
  type ProcessOptions,
} from './jobQueue.js';
import { FinishedIds } from './finishedIds.js';
import { asError, backoffDelayMs, checkQueueName, JOB_DEFAULTS, JobQueueError, jsonCopy, resolveEnqueueOptions } from './jobOptions.js';
import { systemTimers, type JobTimers } from './jobTimers.js';

export interface InProcessJobQueueOptions {
  /** Clock and timers. Default: the real ones. */
  timers?: JobTimers;
  /** Finished job ids remembered per queue for dedup. Default 10,000. */
  keepFinishedIds?: number;
  /** How long a finished job id is remembered, in ms. Default 24 h. */
  keepFinishedMs?: number;
}

type JobState = 'delayed' | 'waiting' | 'running' | 'backoff';

interface Job {
  id: string;
  data: unknown;
  orderingKey: string | undefined;
  attempts: number;
  backoffMs: number;
  /** Tries started so far. */
  tries: number;
  state: JobState;
  timer?: unknown;
}

interface Lane {
  waiting: Job[];
  busy: boolean;
  paused: boolean;
  /** The head of `waiting` is in `runnable`. */
  scheduled: boolean;
}

interface QueueState {
  name: string;
  live: Map<string, Job>;
  finished: FinishedIds;
  runnable: Job[];
  lanes: Map<string, Lane>;
  running: number;
  handler?: JobHandler<unknown>;
  concurrency: number;
  onFailed?: (job: JobContext<unknown>, error: Error) => void;
}

export function createInProcessJobQueue(options: InProcessJobQueueOptions = {}): JobQueue {
  const timers = options.timers ?? systemTimers;
  const limits = { maxIds: options.keepFinishedIds ?? 10_000, maxAgeMs: options.keepFinishedMs ?? 24 * 3600_000 };
  const queues = new Map<string, QueueState>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const queueState = (name: string): QueueState => {
    checkQueueName(name);
    let q = queues.get(name);
    if (!q) {
      q = { name, live: new Map(), finished: new FinishedIds(limits), runnable: [], lanes: new Map(), running: 0, concurrency: 1 };
      queues.set(name, q);
    }
    return q;
  };
  const lane = (q: QueueState, key: string): Lane => {
    let l = q.lanes.get(key);
    if (!l) {
      l = { waiting: [], busy: false, paused: false, scheduled: false };
      q.lanes.set(key, l);
    }
    return l;
  };
  const assertOpen = () => {
    if (closed) throw new JobQueueError('JOB_QUEUE_CLOSED', 'the job queue is closed');
  };

  /** Puts the head of a free key's lane into `runnable`; forgets a lane with nothing left to hold. */
  const scheduleLane = (q: QueueState, key: string) => {
    const l = q.lanes.get(key);
    if (!l || l.busy || l.paused || l.scheduled) return;
    const head = l.waiting[0];
    if (head) {
      l.scheduled = true;
      q.runnable.push(head);
    } else {
      q.lanes.delete(key);
    }
  };

  const becomeReady = (q: QueueState, job: Job) => {
    job.state = 'waiting';
    job.timer = undefined;
    if (job.orderingKey === undefined) {
      q.runnable.push(job);
    } else {
      lane(q, job.orderingKey).waiting.push(job);
      scheduleLane(q, job.orderingKey);
    }
  };

  const finish = (q: QueueState, job: Job) => {
    q.live.delete(job.id);
    q.finished.add(job.id, timers.now());
    if (job.orderingKey !== undefined) {
      lane(q, job.orderingKey).busy = false;
      scheduleLane(q, job.orderingKey);
    }
  };

  const context = (q: QueueState, job: Job): JobContext<unknown> => ({
    id: job.id,
    queue: q.name,
    data: job.data,
    attempt: job.tries,
    orderingKey: job.orderingKey,
  });

  const fail = (q: QueueState, job: Job, error: Error) => {
    if (!(error instanceof PermanentJobError) && job.tries < job.attempts) {
      if (closed) return; // a try left: in memory only, it goes with the process, like any unfinished job
      job.state = 'backoff';
      job.timer = timers.setTimeout(() => {
        job.state = 'waiting';
        job.timer = undefined;
        // A keyed job keeps its key busy while it backs off, so it goes first; others queue up again.
        if (job.orderingKey === undefined) q.runnable.push(job);
        else q.runnable.unshift(job);
        dispatch(q);
      }, backoffDelayMs(job.backoffMs, job.tries));
      return;
    }
    finish(q, job);
    try {
      q.onFailed?.(context(q, job), error);
    } catch {
      // A failing onFailed callback must not take the queue down; the job is failed either way.
    }
  };

  const run = (q: QueueState, job: Job, handler: JobHandler<unknown>) => {
    job.state = 'running';
    job.tries += 1;
    q.running += 1;
    const done = (async () => {
      try {
        await handler(context(q, job));
        finish(q, job);
      } catch (error) {
        fail(q, job, asError(error));
      } finally {
        q.running -= 1;
        dispatch(q);
      }
    })();
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  /** Starts runnable jobs while this process has free slots for the queue. */
  const dispatch = (q: QueueState) => {
    const handler = q.handler;
    if (!handler || closed) return;
    while (q.running < q.concurrency) {
      const job = q.runnable.shift();
      if (!job) return;
      if (job.orderingKey !== undefined && job.tries === 0) {
        const l = lane(q, job.orderingKey);
        l.scheduled = false;
        if (l.paused) continue; // paused after it was scheduled: it stays at the head of its lane
        l.waiting.shift();
        l.busy = true;
      }
      run(q, job, handler);
    }
  };

  return {
    async enqueue<T>(queue: string, data: T, enqueueOptions: EnqueueOptions) {
      assertOpen();
      const o = resolveEnqueueOptions(enqueueOptions);
      const q = queueState(queue);
      const existing = q.live.get(o.jobId);
      if (existing) {
        if (!o.debounce || existing.state !== 'delayed') return { enqueued: false };
        timers.clearTimeout(existing.timer);
        existing.data = jsonCopy(data);
        existing.timer = timers.setTimeout(() => {
          becomeReady(q, existing);
          dispatch(q);
        }, o.delayMs);
        return { enqueued: true };
      }
      if (q.finished.has(o.jobId, timers.now())) return { enqueued: false };
      const job: Job = {
        id: o.jobId,
        data: jsonCopy(data),
        orderingKey: o.orderingKey,
        attempts: o.attempts,
        backoffMs: o.backoffMs,
        tries: 0,
        state: 'delayed',
      };
      q.live.set(job.id, job);
      if (o.delayMs > 0) {
        job.timer = timers.setTimeout(() => {
          becomeReady(q, job);
          dispatch(q);
        }, o.delayMs);
      } else {
        becomeReady(q, job);
        dispatch(q);
      }
      return { enqueued: true };
    },

    async process<T>(queue: string, handler: JobHandler<T>, processOptions: ProcessOptions<T> = {}) {
      assertOpen();
      const q = queueState(queue);
      if (q.handler) throw new JobQueueError('QUEUE_ALREADY_PROCESSED', `queue ${queue} is already processed here`);
      const concurrency = processOptions.concurrency ?? JOB_DEFAULTS.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new JobQueueError('INVALID_JOB_OPTIONS', `concurrency ${concurrency}: must be an integer ≥ 1`);
      q.handler = handler as JobHandler<unknown>;
      q.concurrency = concurrency;
      q.onFailed = processOptions.onFailed as QueueState['onFailed'];
      dispatch(q);
    },

    async pauseKey(queue, orderingKey) {
      lane(queueState(queue), orderingKey).paused = true;
    },

    async resumeKey(queue, orderingKey) {
      const q = queueState(queue);
      const l = q.lanes.get(orderingKey);
      if (!l) return;
      l.paused = false;
      scheduleLane(q, orderingKey);
      dispatch(q);
    },

    async moveToFront(queue, orderingKey, jobId) {
      const q = queueState(queue);
      const l = q.lanes.get(orderingKey);
      const at = l ? l.waiting.findIndex((job) => job.id === jobId) : -1;
      if (!l || at < 0) return false;
      if (at === 0) return true;
      const oldHead = l.waiting[0]!;
      const [job] = l.waiting.splice(at, 1);
      l.waiting.unshift(job!);
      // A lane's head may already be in `runnable` (scheduled, not started): the new head takes its place.
      const slot = l.scheduled ? q.runnable.indexOf(oldHead) : -1;
      if (slot >= 0) q.runnable[slot] = job!;
      return true;
    },

    async waiting<T>(queue: string, orderingKey: string) {
      const l = queueState(queue).lanes.get(orderingKey);
      return (l?.waiting ?? []).map((job) => ({ id: job.id, data: job.data as T }));
    },

    async close(closeOptions = {}) {
      if (closed) return;
      closed = true;
      for (const q of queues.values()) {
        for (const job of q.live.values()) if (job.timer !== undefined) timers.clearTimeout(job.timer);
      }
      const timeoutMs = closeOptions.timeoutMs ?? JOB_DEFAULTS.closeTimeoutMs;
      let timer: unknown;
      const timeout = new Promise<void>((resolve) => {
        timer = timers.setTimeout(resolve, timeoutMs);
      });
      // A job still running at the timeout cannot be stopped or handed elsewhere here: it finishes unobserved.
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      timers.clearTimeout(timer);
    },
  };
}
