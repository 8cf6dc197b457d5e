/** Test and bench cleanup on the shared Redis: every key under one run's unique prefix. */
import type { Redis } from 'ioredis';

/** Deletes every key matching `<prefix>:*` (SCAN, so the server is never blocked). */
export async function removeRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
