/**
 * Projection errors in Redis (projections/projection.ts `ProjectionError`): a hash per projection,
 * `<prefix>projection-errors:<projection>`, field = event id, value = the error as JSON, written in the
 * commit's MULTI. The read model and the state stores share it under the same prefix.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { ProjectionError } from '../projections/projection.js';

export const PROJECTION_ERRORS_KEY = 'projection-errors:';

export interface RedisProjectionErrors {
  /** Adds the errors to a MULTI. */
  record(tx: ChainableCommander, errors: readonly ProjectionError[]): void;
  /** The key of one projection's errors (a reset deletes it). */
  key(projection: string): string;
  list(projection: string | undefined, limit: number): Promise<ProjectionError[]>;
  count(projection: string | undefined): Promise<number>;
}

export function redisProjectionErrors(redis: Redis, prefix: string): RedisProjectionErrors {
  const key = (projection: string) => `${prefix}${PROJECTION_ERRORS_KEY}${projection}`;
  const keys = async (projection: string | undefined): Promise<string[]> => {
    if (projection !== undefined) return [key(projection)];
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}${PROJECTION_ERRORS_KEY}*`, 'COUNT', 500);
      for (const k of batch) found.add(k);
      cursor = next;
    } while (cursor !== '0');
    return [...found];
  };
  return {
    record(tx, errors) {
      for (const e of errors) tx.hset(key(e.projection), e.eventId, JSON.stringify(e));
    },
    key,
    async list(projection, limit) {
      const all: ProjectionError[] = [];
      for (const k of await keys(projection)) for (const text of await redis.hvals(k)) all.push(JSON.parse(text) as ProjectionError);
      return all.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)).slice(0, limit);
    },
    async count(projection) {
      let n = 0;
      for (const k of await keys(projection)) n += await redis.hlen(k);
      return n;
    },
  };
}
