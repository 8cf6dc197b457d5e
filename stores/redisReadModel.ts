/**
 * Redis read-model adapter (ioredis). Keys, under a prefix (default `kap:`):
 *   state:<id>             the fold state (JSON)      summary:<id>     the summary (JSON)
 *   sessions:activity      ZSET id → lastActivityAt (ms since epoch; 0 when unknown)
 *   sessions:repo:<repo>   ZSET id → lastActivityAt, per `owner/name`
 *   session-repos          HASH id → repo, to move a session between repo sets
 *   checkpoint:<name>      "<commit>/<prepare>"
 * A commit is one MULTI/EXEC: the summaries, their indexes and the checkpoint land together or not at all.
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
      const ids = await redis.zrevrange(index, 0, limit - 1);
      if (ids.length === 0) return [];
      const texts = await redis.mget(...ids.map(key.summary));
      return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as SessionSummary);
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
