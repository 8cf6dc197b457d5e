/**
 * Slack retries an event it got no 200 for within 3 s (up to 3 times, `x-slack-retry-num`), and a slow ack
 * or a network blip means the same `event_id` arrives twice. Kap claims each event id once; a second claim
 * within the window is refused and the event is dropped. Adapters: in-memory (one process) here, Redis
 * (`SET NX PX`, shared by every bot process) in `redisSeenEvents.ts`.
 */
export interface SeenEvents {
  /** True the first time `eventId` is claimed within `ttlMs`; false after. */
  claim(eventId: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One process's memory; entries expire after their ttl. `now` in ms, injectable. */
export function createMemorySeenEvents(now: () => number = Date.now): SeenEvents {
  const seen = new Map<string, number>();
  return {
    async claim(eventId, ttlMs) {
      const t = now();
      for (const [id, expires] of seen) {
        if (expires > t) break; // insertion order ≈ expiry order
        seen.delete(id);
      }
      const expires = seen.get(eventId);
      if (expires !== undefined && expires > t) return false;
      seen.delete(eventId);
      seen.set(eventId, t + ttlMs);
      return true;
    },
    async close() {},
  };
}
