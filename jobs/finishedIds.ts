/**
 * The ids of finished jobs, remembered for a bounded time and number so that enqueueing a finished id again is
 * a no-op (the port's dedup "kept after completion"), without growing forever.
 */
export interface FinishedIdsLimits {
  /** At most this many ids; the oldest go first. */
  maxIds: number;
  /** An id is forgotten this many ms after its job finished. */
  maxAgeMs: number;
}

export class FinishedIds {
  /** id → finished at (ms since epoch), oldest first (Map keeps insertion order). */
  private readonly finishedAt = new Map<string, number>();

  constructor(private readonly limits: FinishedIdsLimits) {}

  /** Remembers `id` as finished at `now` (ms since epoch), dropping what is past the limits. */
  add(id: string, now: number): void {
    this.finishedAt.delete(id);
    this.finishedAt.set(id, now);
    this.prune(now);
  }

  /** Whether `id` finished within the limits, as of `now`. */
  has(id: string, now: number): boolean {
    const at = this.finishedAt.get(id);
    if (at === undefined) return false;
    if (now - at < this.limits.maxAgeMs) return true;
    this.finishedAt.delete(id);
    return false;
  }

  get size(): number {
    return this.finishedAt.size;
  }

  private prune(now: number): void {
    for (const [id, at] of this.finishedAt) {
      if (this.finishedAt.size <= this.limits.maxIds && now - at < this.limits.maxAgeMs) break;
      this.finishedAt.delete(id);
    }
  }
}
