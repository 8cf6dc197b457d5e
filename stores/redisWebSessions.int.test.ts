import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWebSessionsContract } from './webSessions.contract.js';
import { createRedisWebSessions } from './redisWebSessions.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const inspect = new Redis(url);
afterAll(async () => {
  await inspect.quit();
});

describeWebSessionsContract('Redis', (now) => {
  const prefix = `test-${randomUUID()}:`;
  return {
    store: createRedisWebSessions({ url, prefix, now }),
    async dump() {
      const keys = await inspect.keys(`${prefix}*`);
      const values = keys.length > 0 ? await inspect.mget(keys) : [];
      return JSON.stringify({ keys, values });
    },
  };
});

describe('Redis web sessions', () => {
  it('sets a PX expiry of the session\'s time to live, so Redis drops it when it ends', async () => {
    const prefix = `test-${randomUUID()}:`;
    const store = createRedisWebSessions({ url, prefix });
    await store.create({ userId: 'U1', teamId: 'T1', name: null }, 90_000);
    const [key] = await inspect.keys(`${prefix}*`);
    const ttl = await inspect.pttl(key!);
    expect(ttl).toBeGreaterThan(80_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
    await store.close();
  });
});
