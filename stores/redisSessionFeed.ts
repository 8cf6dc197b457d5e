/**
 * The session feed on Redis pub/sub (ioredis), for projections and the web in separate processes: each change
 * is a `PUBLISH <prefix>session-changes <JSON SessionChange>`; one subscriber connection per feed, opened on
 * the first `subscribe`. A message that does not parse as a change is dropped (it cannot be Kap's).
 */
import { Redis } from 'ioredis';
import type { SessionChange, SessionFeed } from './sessionFeed.js';

const PROJECTIONS = new Set(['session-summary', 'session-timeline']);

/** A published message read back, or undefined when it is not a session change. */
function parseChange(message: string): SessionChange | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Partial<SessionChange>;
  if (typeof c.sessionId !== 'string' || typeof c.revision !== 'number' || !PROJECTIONS.has(c.projection as string)) return undefined;
  return c as SessionChange;
}

/** Connects to Redis at `url`; the channel is `<prefix>session-changes` (prefix default `kap:`). */
export function createRedisSessionFeed(options: { url: string; prefix?: string }): SessionFeed {
  const channel = `${options.prefix ?? 'kap:'}session-changes`;
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3, lazyConnect: true });
  redis.on('error', () => {}); // reconnects on its own; a failed publish is a lost change (best effort)
  const listeners = new Set<(change: SessionChange) => void>();
  let subscriber: { connection: Redis; subscribed: Promise<unknown> } | undefined;

  const subscribed = (): Promise<unknown> => {
    if (subscriber) return subscriber.subscribed;
    const connection = redis.duplicate();
    connection.on('error', () => {}); // resubscribes on reconnect
    connection.on('message', (_channel: string, message: string) => {
      const change = parseChange(message);
      if (!change) return;
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch {
          // isolated
        }
      }
    });
    subscriber = { connection, subscribed: connection.subscribe(channel) };
    return subscriber.subscribed;
  };

  return {
    async publish(changes) {
      if (changes.length === 0) return;
      try {
        const pipeline = redis.pipeline();
        for (const change of changes) pipeline.publish(channel, JSON.stringify(change));
        await pipeline.exec();
      } catch {
        // best effort: subscribers read the read models again on their next change
      }
    },
    async subscribe(listener) {
      const own = (change: SessionChange) => listener(change);
      listeners.add(own);
      await subscribed();
      return async () => {
        listeners.delete(own);
      };
    },
    async close() {
      listeners.clear();
      subscriber?.connection.disconnect();
      redis.disconnect();
    },
  };
}
