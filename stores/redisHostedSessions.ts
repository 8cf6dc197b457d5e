/**
 * Redis hosted-session registry (ioredis). Keys, under a prefix (default `kap:`):
 *   hosted:<threadKey>             the record (JSON)
 *   hosted-by-session:<sessionId>  hash threadKey → startedAt (ISO) of the threads steering that session
 * `put` and `update` are Lua scripts, so the record and its index move together and an update never loses
 * a concurrent one.
 */
import { Redis } from 'ioredis';
import type { HostedSession, HostedSessionStore } from './hostedSessions.js';

// Shared by both scripts: writes record `rec` (a table) at KEYS[1], moving thread ARGV[3] from the index of
// the old record's session to the new one's (ARGV[2] is the index-key prefix). JSON null decodes to
// cjson.null, so only string session ids are indexed.
const WRITE = `
local function write(old, rec)
  if old and type(old.sessionId) == 'string' then redis.call('HDEL', ARGV[2] .. old.sessionId, ARGV[3]) end
  local text = cjson.encode(rec)
  redis.call('SET', KEYS[1], text)
  if type(rec.sessionId) == 'string' then redis.call('HSET', ARGV[2] .. rec.sessionId, ARGV[3], rec.startedAt) end
  return text
end
`;
// ARGV[1]: the whole record (JSON).
const PUT = `${WRITE}
local old = redis.call('GET', KEYS[1])
return write(old and cjson.decode(old), cjson.decode(ARGV[1]))
`;
// ARGV[1]: the changed fields (JSON). Returns the new record's JSON, or false (nil in JS) when there is none.
const UPDATE = `${WRITE}
local text = redis.call('GET', KEYS[1])
if not text then return false end
local rec = cjson.decode(text)
for k, v in pairs(cjson.decode(ARGV[1])) do rec[k] = v end
return write(cjson.decode(text), rec)
`;

/** Connects to Redis at `url` (e.g. `redis://127.0.0.1:6379`); keys under `prefix` (default `kap:`). */
export function createRedisHostedSessions(options: { url: string; prefix?: string }): HostedSessionStore {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const p = options.prefix ?? 'kap:';
  const recordKey = (threadKey: string) => `${p}hosted:${threadKey}`;
  const indexPrefix = `${p}hosted-by-session:`;
  const parse = (text: string | null) => (text === null ? undefined : (JSON.parse(text) as HostedSession));

  return {
    async get(threadKey) {
      return parse(await redis.get(recordKey(threadKey)));
    },
    async bySessionId(sessionId) {
      const threads = Object.entries(await redis.hgetall(`${indexPrefix}${sessionId}`));
      // Newest `startedAt` first; a session has a handful of threads at most.
      threads.sort(([, a], [, b]) => Date.parse(b) - Date.parse(a));
      const newest = threads[0];
      return newest === undefined ? undefined : parse(await redis.get(recordKey(newest[0])));
    },
    async put(session) {
      await redis.eval(PUT, 1, recordKey(session.threadKey), JSON.stringify(session), indexPrefix, session.threadKey);
    },
    async update(threadKey, change) {
      const clean = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
      const text = (await redis.eval(UPDATE, 1, recordKey(threadKey), JSON.stringify(clean), indexPrefix, threadKey)) as string | null;
      return parse(text);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
