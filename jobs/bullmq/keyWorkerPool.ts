/**
 * The key workers of one Kap queue in one process: a BullMQ worker per ordering key that may have jobs.
 *
 * Which keys may have jobs is a Redis SET per queue (`kapKeys().orderingKeys`): an enqueue adds its key and
 * publishes it on the queue's channel; the pool starts a worker for every key in the SET when it starts, for
 * every key published while it runs, and re-reads the SET on every tick (default 10 s, and when the
 * subscriber reconnects) for a notice lost while Redis was away.
 *
 * A worker with no jobs left in its key's BullMQ queue (in any process) for `idleMs` is closed, and its key
 * leaves the SET. Removing the key races with an enqueue of it, so the key is removed first and the jobs
 * counted after: an enqueue adds its key after its job, so either the count sees the job (the key goes back
 * in) or the enqueue's own SADD comes after the removal (and its publish restarts the worker).
 */

/** A started worker as the pool sees it. */
export interface KeyWorker {
  /** Waits for its running job, then stops. */
  close(): Promise<void>;
  /** Drops its connections now: a running job's lock then lapses, and BullMQ re-runs it as stalled. */
  disconnect(): Promise<void>;
}

export interface KeyWorkerPoolOptions {
  /** Starts the worker of one ordering key. */
  start(orderingKey: string): Promise<KeyWorker>;
  /** The keys in the SET. */
  knownKeys(): Promise<string[]>;
  /** Jobs of the key's BullMQ queue not finished yet (waiting, paused, delayed, running), in every process. */
  unfinishedJobs(orderingKey: string): Promise<number>;
  forgetKey(orderingKey: string): Promise<void>;
  rememberKey(orderingKey: string): Promise<void>;
  /** Close a worker after its key has had no unfinished job for this many ms. */
  idleMs: number;
  /** Re-read the SET and look for idle workers this often, in ms. */
  tickMs: number;
  onError(error: unknown): void;
}

interface Entry {
  worker: Promise<KeyWorker>;
  idleSince?: number;
  closing?: Promise<void>;
}

export class KeyWorkerPool {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private ticking = false;

  constructor(private readonly options: KeyWorkerPoolOptions) {}

  /** Starts workers for the keys already in the SET, then ticks until `close()`. */
  async start(): Promise<void> {
    await this.rescan();
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Makes sure `orderingKey` has a worker here (after its idle worker, if closing, has closed). */
  ensure(orderingKey: string): void {
    if (this.closed) return;
    const entry = this.entries.get(orderingKey);
    if (entry?.closing) {
      void entry.closing.then(() => this.ensure(orderingKey));
      return;
    }
    if (entry) return;
    const worker = this.options.start(orderingKey);
    this.entries.set(orderingKey, { worker });
    worker.catch((error: unknown) => {
      this.entries.delete(orderingKey);
      this.options.onError(error);
    });
  }

  /** Starts a worker for every key in the SET that has none here. */
  async rescan(): Promise<void> {
    if (this.closed) return;
    try {
      for (const key of await this.options.knownKeys()) this.ensure(key);
    } catch (error) {
      this.options.onError(error);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Stops ticking and closes every worker; `force` drops connections instead of waiting for jobs. */
  async close(force = false): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        const worker = await entry.worker.catch(() => undefined);
        if (!worker) return;
        if (force) await worker.disconnect();
        else await (entry.closing ?? worker.close());
      }),
    );
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      await this.rescan();
      for (const [key, entry] of this.entries) {
        if (this.closed) return;
        if (!entry.closing) await this.closeIfIdle(key, entry);
      }
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.ticking = false;
    }
  }

  private async closeIfIdle(key: string, entry: Entry): Promise<void> {
    const o = this.options;
    if ((await o.unfinishedJobs(key)) > 0) {
      entry.idleSince = undefined;
      return;
    }
    const now = Date.now();
    entry.idleSince ??= now;
    if (now - entry.idleSince < o.idleMs) return;
    await o.forgetKey(key);
    if ((await o.unfinishedJobs(key)) > 0) {
      await o.rememberKey(key);
      entry.idleSince = undefined;
      return;
    }
    entry.closing = entry.worker
      .then((worker) => worker.close())
      .catch((error: unknown) => o.onError(error))
      .finally(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    await entry.closing;
  }
}
