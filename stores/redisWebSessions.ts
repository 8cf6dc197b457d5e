/**
 * Redis web session store (ioredis): one key per session, `<prefix>web-session:<sha256 of the token>`,
 * holding the session as JSON with a PX expiry, so Redis drops it when it ends. The stored `expiresAt` is
 * checked on read too (the clock is injected; Redis's expiry is the backstop that frees the memory).
 */
import { Redis } from 'ioredis';
import { newWebSessionToken, webSessionKey } from './webSessions.js';
import type { WebSession, WebSessionStore } from './webSessions.js';

export interface RedisWebSessionsOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** Key prefix; default `kap:`. */
  prefix?: string;
  /** The clock expiry is measured by. Default `() => new Date()`. */
  now?: () => Date;
}

interface Stored {
  userId: string;
  teamId: string;
  name: string | null;
  /** ms since the epoch. */
  expiresAt: number;
}

export function createRedisWebSessions(options: RedisWebSessionsOptions): WebSessionStore {
  const now = options.now ?? (() => new Date());
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const key = (token: string) => `${options.prefix ?? 'kap:'}web-session:${webSessionKey(token)}`;
  return {
    async create(user, ttlMs) {
      const token = newWebSessionToken();
      const stored: Stored = { userId: user.userId, teamId: user.teamId, name: user.name, expiresAt: now().getTime() + ttlMs };
      await redis.set(key(token), JSON.stringify(stored), 'PX', Math.max(1, Math.ceil(ttlMs)));
      return token;
    },
    async get(token) {
      const text = await redis.get(key(token));
      if (text === null) return undefined;
      const stored = JSON.parse(text) as Stored;
      if (stored.expiresAt <= now().getTime()) return undefined;
      const session: WebSession = { userId: stored.userId, teamId: stored.teamId, name: stored.name, expiresAt: new Date(stored.expiresAt) };
      return session;
    },
    async delete(token) {
      await redis.del(key(token));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
