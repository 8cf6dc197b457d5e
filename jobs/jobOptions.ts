/**
 * What both JobQueue adapters share: the port's defaults, option checks, the backoff rule and the errors a
 * caller can branch on (by `code`, never by message).
 */
import type { EnqueueOptions } from './jobQueue.js';

/** The port's documented defaults (see `jobQueue.ts`). */
export const JOB_DEFAULTS = {
  attempts: 3,
  backoffMs: 1000,
  concurrency: 1,
  closeTimeoutMs: 10_000,
} as const;

export type JobQueueErrorCode = 'INVALID_JOB_OPTIONS' | 'JOB_QUEUE_CLOSED' | 'QUEUE_ALREADY_PROCESSED';

/** A misuse of the port: bad options, a call after `close()`, a second `process()` of one queue. */
export class JobQueueError extends Error {
  constructor(
    readonly code: JobQueueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobQueueError';
  }
}

/** `EnqueueOptions` checked, with defaults filled in. */
export interface ResolvedEnqueueOptions {
  jobId: string;
  orderingKey: string | undefined;
  delayMs: number;
  debounce: boolean;
  attempts: number;
  backoffMs: number;
}

const invalid = (message: string) => new JobQueueError('INVALID_JOB_OPTIONS', message);

/**
 * Checks a queue name: non-empty, without `:` (BullMQ reserves it) or `#` (the BullMQ adapter's separator
 * between a queue and an ordering key). Throws `JobQueueError` `INVALID_JOB_OPTIONS`.
 */
export function checkQueueName(queue: string): void {
  if (queue.length === 0 || queue.includes(':') || queue.includes('#')) {
    throw invalid(`queue name ${JSON.stringify(queue)}: must be non-empty, without ':' or '#'`);
  }
}

/**
 * Checks options and fills in defaults. Throws `JobQueueError` `INVALID_JOB_OPTIONS` for an empty id or one
 * with `:`, attempts that are not a positive integer, or a negative/non-finite delay or backoff.
 */
export function resolveEnqueueOptions(options: EnqueueOptions): ResolvedEnqueueOptions {
  const { jobId } = options;
  if (jobId.length === 0 || jobId.includes(':')) throw invalid(`jobId ${JSON.stringify(jobId)}: must be non-empty, without ':'`);
  const attempts = options.attempts ?? JOB_DEFAULTS.attempts;
  if (!Number.isInteger(attempts) || attempts < 1) throw invalid(`attempts ${attempts}: must be an integer ≥ 1`);
  const delayMs = options.delayMs ?? 0;
  const backoffMs = options.backoffMs ?? JOB_DEFAULTS.backoffMs;
  for (const [name, value] of [['delayMs', delayMs], ['backoffMs', backoffMs]] as const) {
    if (!Number.isFinite(value) || value < 0) throw invalid(`${name} ${value}: must be a finite number ≥ 0`);
  }
  return { jobId, orderingKey: options.orderingKey, delayMs, debounce: options.debounce ?? false, attempts, backoffMs };
}

/** Wait before try `attempt + 1` after try `attempt` failed, in ms: base, 2·base, 4·base … (BullMQ's rule). */
export function backoffDelayMs(backoffMs: number, failedAttempt: number): number {
  return Math.round(backoffMs * 2 ** (failedAttempt - 1));
}

/**
 * Job data as the handler sees it: a JSON round trip, as BullMQ stores it (a `Date` arrives as a string), so
 * the embedded default behaves like production. `undefined` stays `undefined`.
 */
export function jsonCopy<T>(data: T): T {
  return data === undefined ? data : (JSON.parse(JSON.stringify(data)) as T);
}

/** `error` as an `Error` (a handler may throw anything). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
