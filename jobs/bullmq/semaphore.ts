/**
 * A counting semaphore: at most `permits` holders at once, the rest wait in FIFO order. The BullMQ adapter
 * caps a queue's running handlers in one process with it, across the queue's per-key workers.
 */
export class Semaphore {
  private readonly waiters: Array<() => void> = [];

  constructor(private permits: number) {}

  /** Runs `task` once a permit is free, releasing it when `task` settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.permits > 0) this.permits -= 1;
    else await new Promise<void>((resolve) => this.waiters.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.permits += 1;
    }
  }
}
