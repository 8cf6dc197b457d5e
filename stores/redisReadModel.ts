/**
 * Redis read-model adapter (ioredis). Keys, under a prefix (default `kap:`):
 *   state:<id>             the fold state (JSON)      summary:<id>     the summary (JSON)
 *   sessions:activity      ZSET id → lastActivityAt (ms since epoch; 0 when unknown)
 *   sessions:repo:<repo>   ZSET id → lastActivityAt, per `owner/name`
 *   session-repos          HASH id → repo, to move a session between repo sets
 *   checkpoint:<name>      "<commit>/<prepare>"
 * A commit is one MULTI/EXEC: the summaries, their indexes and the checkpoint land together or not at all.
 * An id prefix (`kap show <prefix>`) is looked up with one ZSCAN of the index: O(sessions), fine for a
 * person's lookup, not for a hot path.
 */
import { Redis } from 'ioredis';
import type { SessionFoldState, SessionSummary } from '../projections/sessionSummary.js';
import { formatPosition, parsePosition } from './eventStore.js';
import { PROJECTION_ERRORS_KEY, redisProjectionErrors } from './redisProjectionErrors.js';
import type { SessionQuery, SessionReadModel } from './sessionReadModel.js';

export interface RedisReadModelOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string;
  /** Key prefix; tests use a unique one. Default `kap:`. */
  prefix?: string;
}

const activityScore = (s: SessionSummary) => (s.lastActivityAt ? Date.parse(s.lastActivityAt) : 0);

/** The `limit` ids of highest score, as ZREVRANGE orders them (equal scores: the greater id first). */
function mostRecent(members: readonly [id: string, score: number][], limit: number): string[] {
  const sorted = [...members].sort(([a, x], [b, y]) => y - x || (a < b ? 1 : a > b ? -1 : 0));
  return sorted.slice(0, limit).map(([id]) => id);
}

/** Connects lazily; commands fail with ioredis's errors when Redis is down (ioredis retries connecting). */
export function createRedisReadModel(options: RedisReadModelOptions): SessionReadModel {
  const redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const p = options.prefix ?? 'kap:';
  const key = {
    state: (id: string) => `${p}state:${id}`,
    summary: (id: string) => `${p}summary:${id}`,
    activity: `${p}sessions:activity`,
    repo: (repo: string) => `${p}sessions:repo:${repo}`,
    repos: `${p}session-repos`,
    checkpoint: (name: string) => `${p}checkpoint:${name}`,
  };
  const errors = redisProjectionErrors(redis, p);

  /**
   * The members of an index whose id starts with `prefix`, with their scores: one ZSCAN of the index, its
   * MATCH pattern the prefix with glob characters escaped (then checked again here, so no pattern leaks).
   */
  const idsStartingWith = async (index: string, prefix: string): Promise<[id: string, score: number][]> => {
    const pattern = `${prefix.replace(/[\\*?[\]]/g, '\\$&')}*`;
    const found = new Map<string, number>(); // a ZSCAN may give a member twice
    let cursor = '0';
    do {
      const [next, flat] = await redis.zscan(index, cursor, 'MATCH', pattern, 'COUNT', 1000);
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const id = flat[i]!;
        if (id.startsWith(prefix)) found.set(id, Number(flat[i + 1]));
      }
      cursor = next;
    } while (cursor !== '0');
    return [...found];
  };

  return {
    async get(sessionId) {
      const text = await redis.get(key.state(sessionId));
      return text === null ? undefined : (JSON.parse(text) as SessionFoldState);
    },

    async commit(states, checkpoint, unfolded = []) {
      const ids = states.map((s) => s.summary.sessionId);
      const previousRepos = ids.length > 0 ? await redis.hmget(key.repos, ...ids) : [];
      const tx = redis.multi();
      states.forEach((state, i) => {
        const s = state.summary;
        const score = activityScore(s);
        tx.set(key.state(s.sessionId), JSON.stringify(state));
        tx.set(key.summary(s.sessionId), JSON.stringify(s));
        tx.zadd(key.activity, score, s.sessionId);
        const before = previousRepos[i];
        if (before && before !== s.repo) tx.zrem(key.repo(before), s.sessionId);
        if (s.repo) {
          tx.zadd(key.repo(s.repo), score, s.sessionId);
          tx.hset(key.repos, s.sessionId, s.repo);
        } else if (before) {
          tx.hdel(key.repos, s.sessionId);
        }
      });
      errors.record(tx, unfolded);
      tx.set(key.checkpoint(checkpoint.name), formatPosition(checkpoint.position));
      const results = await tx.exec();
      const failed = results?.find(([error]) => error !== null);
      if (!results || failed) throw new Error(`read-model commit failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
    },

    async checkpoint(name) {
      const text = await redis.get(key.checkpoint(name));
      return text === null ? undefined : parsePosition(text);
    },

    async list(query: SessionQuery = {}) {
      const limit = query.limit ?? 50;
      const index = query.repo === undefined ? key.activity : key.repo(query.repo);
      const ids = query.idPrefix === undefined ? await redis.zrevrange(index, 0, limit - 1) : mostRecent(await idsStartingWith(index, query.idPrefix), limit);
      if (ids.length === 0) return [];
      const texts = await redis.mget(...ids.map(key.summary));
      return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as SessionSummary);
    },

    async count(query = {}) {
      const index = query.repo === undefined ? key.activity : key.repo(query.repo);
      return query.idPrefix === undefined ? redis.zcard(index) : (await idsStartingWith(index, query.idPrefix)).length;
    },

    async reset(name) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${p}*`, 'COUNT', 500);
        // Other projections' checkpoints and recorded errors stay (they share the prefix).
        const kept = (k: string) => (k.startsWith(`${p}checkpoint:`) && k !== key.checkpoint(name)) || (k.startsWith(`${p}${PROJECTION_ERRORS_KEY}`) && k !== errors.key(name));
        const doomed = keys.filter((k) => !kept(k));
        if (doomed.length > 0) await redis.unlink(...doomed);
        cursor = next;
      } while (cursor !== '0');
    },

    projectionErrors: (projection, limit = 100) => errors.list(projection, limit),
    countProjectionErrors: (projection) => errors.count(projection),

    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
