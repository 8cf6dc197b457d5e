/**
 * Redis store of a projection's states (ioredis). Keys, under a prefix (default `kap:`):
 *   <kind>:<sessionId>    the state (JSON)        checkpoint:<name>    "<commit>/<prepare>"
 * A commit is one MULTI/EXEC: the states and the checkpoint land together or not at all.
 */
import { Redis } from 'ioredis';
import type { ProjectionStateStore } from '../projections/projection.js';
import { formatPosition, parsePosition } from './eventStore.js';
import { redisProjectionErrors } from './redisProjectionErrors.js';

export interface RedisStateStore<S> extends ProjectionStateStore<S> {
  close(): Promise<void>;
}

export function createRedisStateStore<S>(options: { url: string; kind: string; prefix?: string; sessionIdOf: (state: S) => string }): RedisStateStore<S> {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const p = options.prefix ?? 'kap:';
  const stateKey = (id: string) => `${p}${options.kind}:${id}`;
  const checkpointKey = (name: string) => `${p}checkpoint:${name}`;
  const errors = redisProjectionErrors(redis, p);
  return {
    async get(sessionId) {
      const text = await redis.get(stateKey(sessionId));
      return text === null ? undefined : (JSON.parse(text) as S);
    },
    async commit(states, checkpoint, unfolded = []) {
      const tx = redis.multi();
      for (const state of states) tx.set(stateKey(options.sessionIdOf(state)), JSON.stringify(state));
      errors.record(tx, unfolded);
      tx.set(checkpointKey(checkpoint.name), formatPosition(checkpoint.position));
      const results = await tx.exec();
      const failed = results?.find(([error]) => error !== null);
      if (!results || failed) throw new Error(`state commit failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
    },
    async checkpoint(name) {
      const text = await redis.get(checkpointKey(name));
      return text === null ? undefined : parsePosition(text);
    },
    async reset(name) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${p}${options.kind}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.del(checkpointKey(name), errors.key(name));
    },
    projectionErrors: (projection, limit = 100) => errors.list(projection, limit),
    countProjectionErrors: (projection) => errors.count(projection),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
