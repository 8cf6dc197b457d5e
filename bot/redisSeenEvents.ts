/** `SeenEvents` on Redis: `SET <prefix>seen-event:<id> 1 NX PX <ttl>`, shared by every bot process. */
import { Redis } from 'ioredis';
import type { SeenEvents } from './seenEvents.js';

export function createRedisSeenEvents(options: { url: string; prefix?: string }): SeenEvents {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const prefix = options.prefix ?? 'kap:';
  return {
    async claim(eventId, ttlMs) {
      return (await redis.set(`${prefix}seen-event:${eventId}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
