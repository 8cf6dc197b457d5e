/**
 * The JobQueue port: the only operations Kap needs from a job queue, in BullMQ's terms.
 *
 * A queue has a name (`recaps`, `card-renders`, `prompts`, `idle-timers`); a job has a caller-chosen id, so a
 * second enqueue of the same id is a no-op; jobs that share an ordering key run one at a time, first in first
 * out (the prompts of one hosted session). Adapters: BullMQ on Redis (`bullmqJobQueue.ts`) and in-process
 * (`inProcessJobQueue.ts`, the embedded default); both pass `jobQueue.contract.ts`. Misuse (a bad id or
 * option, a call after `close()`, a second `process()` of a queue) throws `JobQueueError` from `jobOptions.ts`,
 * with a `code`.
 */

/** A job that must not be retried: the handler throws it (BullMQ: translated to its `UnrecoverableError`). */
export class PermanentJobError extends Error {
  readonly code = 'JOB_PERMANENT_FAILURE';
}

export interface EnqueueOptions {
  /**
   * The job's id, unique within the queue. Enqueueing an id that is waiting, delayed, running or kept after
   * completion is a no-op (`{ enqueued: false }`). No `:` (BullMQ reserves it).
   */
  jobId: string;
  /** Jobs with the same key run one at a time, in enqueue order, across every worker process. */
  orderingKey?: string;
  /** Run no sooner than this many ms from now. Default 0. */
  delayMs?: number;
  /**
   * With `delayMs`: when a job of this id is still delayed, replace its data and restart its delay instead of
   * doing nothing (a debounce: the idle timer of a session moves with each activity); that enqueue resolves
   * `{ enqueued: true }`. A job of this id that is no longer delayed (running, finished) is kept as it is:
   * `{ enqueued: false }`.
   */
  debounce?: boolean;
  /** Tries in all, the first included. Default 3. */
  attempts?: number;
  /** Exponential backoff base between tries, in ms (base, 2·base, 4·base …). Default 1000. */
  backoffMs?: number;
}

export interface JobContext<T> {
  id: string;
  queue: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
  orderingKey: string | undefined;
}

/** Runs one job. Throw to fail the try (retried with backoff); throw `PermanentJobError` to fail for good. */
export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface ProcessOptions<T> {
  /** Jobs run at once by this process for this queue (jobs of one ordering key never overlap). Default 1. */
  concurrency?: number;
  /** Called once when a job has failed for good (tries exhausted, or a `PermanentJobError`). */
  onFailed?: (job: JobContext<T>, error: Error) => void;
}

export interface JobQueue {
  /** Adds a job. Resolves `{ enqueued: false }` when a job of that id already exists (see `jobId`). */
  enqueue<T>(queue: string, data: T, options: EnqueueOptions): Promise<{ enqueued: boolean }>;
  /** Starts running the queue's jobs in this process with `handler` until `close()`. Once per queue. */
  process<T>(queue: string, handler: JobHandler<T>, options?: ProcessOptions<T>): Promise<void>;
  /** Holds the jobs of one ordering key: the running one finishes, the waiting ones wait until `resumeKey`. */
  pauseKey(queue: string, orderingKey: string): Promise<void>;
  resumeKey(queue: string, orderingKey: string): Promise<void>;
  /** The jobs of one ordering key that wait (not the running one), oldest first. */
  waiting<T>(queue: string, orderingKey: string): Promise<Array<{ id: string; data: T }>>;
  /**
   * Moves a waiting job of one ordering key to the front of that key's queue: it runs next, before jobs
   * enqueued earlier ("Send now" on a queued prompt). Resolves false when no job of that id waits under the key
   * (it already runs, ran, or never was); a paused key stays paused.
   */
  moveToFront(queue: string, orderingKey: string, jobId: string): Promise<boolean>;
  /**
   * Stops taking jobs, lets running ones finish (up to `timeoutMs`, default 10 s; a job still running then is
   * returned to the queue where the adapter can, to run again elsewhere), and releases connections.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}
