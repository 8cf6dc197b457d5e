/**
 * Redis agent signals (ioredis), for a bot and workers in separate processes. Keys, under a prefix
 * (default `kap:`):
 *   perm-answered:<requestId>   "1", EX 3600: the request has been answered (first answer wins)
 *   perm:<requestId>            list holding the answer (JSON `PermissionDecision`), EX 3600
 *   agent-stop:<threadKey>      pub/sub channel; a message is JSON `{ by }`
 * One waiter per request id: `BLPOP` takes the answer off the list, so a second wait for the same id gets
 * `'timeout'` (the worker that raised the permission request is its only waiter).
 * A stop is a `PUBLISH`: it reaches the `onStop` listeners subscribed at that moment, and nobody else.
 */
import { Redis } from 'ioredis';
import type { AgentSignals, PermissionDecision } from './agentSignals.js';

const ANSWER_TTL_S = 3600;

// KEYS[1] perm-answered, KEYS[2] perm; ARGV[1] answer JSON, ARGV[2] TTL s. 1 = recorded, 0 = already answered.
// One script so that a crash cannot leave a request marked answered with no answer to take.
const DECIDE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
`;

type Listener = { onStop: (by: string) => void };
/** A subscribed channel: its listeners (the subscription's reference count) and its SUBSCRIBE's reply. */
type Channel = { listeners: Set<Listener>; subscribed: Promise<void> };

/**
 * Connects to Redis ≥ 6 at `url` (BLPOP's sub-second float timeout); keys under `prefix` (default `kap:`).
 * Connections: one for commands, one per pending `waitForDecision` (BLPOP blocks its connection), one
 * subscriber shared by every `onStop`, opened on first use. `close()` ends them all; pending waits then
 * resolve `'aborted'`. `onStop` listeners must not throw.
 */
export function createRedisAgentSignals(options: { url: string; prefix?: string }): AgentSignals {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 3 });
  // ioredis reconnects on its own; a command that fails meanwhile rejects to its caller, who reports it.
  redis.on('error', () => {});
  const p = options.prefix ?? 'kap:';
  const waiting = new Set<Redis>();
  const channels = new Map<string, Channel>();
  let subscriber: Redis | undefined;
  const stopChannel = (threadKey: string) => `${p}agent-stop:${threadKey}`;

  const subscriberConnection = (): Redis => {
    if (subscriber) return subscriber;
    const sub = redis.duplicate();
    sub.on('error', () => {}); // reconnects and resubscribes on its own
    sub.on('message', (channel: string, message: string) => {
      const { by } = JSON.parse(message) as { by: string };
      for (const listener of [...(channels.get(channel)?.listeners ?? [])]) listener.onStop(by);
    });
    subscriber = sub;
    return sub;
  };

  return {
    async waitForDecision(requestId, timeoutMs, signal) {
      if (signal?.aborted) return 'aborted';
      const key = `${p}perm:${requestId}`;
      if (timeoutMs <= 0) {
        const now = await redis.lpop(key);
        return now === null ? 'timeout' : (JSON.parse(now) as PermissionDecision);
      }
      const blocking = redis.duplicate({ maxRetriesPerRequest: 0 });
      blocking.on('error', () => {}); // a failed connect rejects the BLPOP below, which is what we report
      waiting.add(blocking);
      let aborted = false;
      const onAbort = () => {
        aborted = true;
        blocking.disconnect();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // BLPOP takes seconds; 0 would mean "forever", hence the floor of 1 ms.
        const popped = await blocking.blpop(key, Math.max(timeoutMs, 1) / 1000);
        return popped === null ? 'timeout' : (JSON.parse(popped[1]) as PermissionDecision);
      } catch (error) {
        if (aborted || !waiting.has(blocking)) return 'aborted';
        throw error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        if (waiting.delete(blocking)) blocking.disconnect();
      }
    },
    async decide(requestId, decision) {
      const recorded = await redis.eval(DECIDE, 2, `${p}perm-answered:${requestId}`, `${p}perm:${requestId}`, JSON.stringify(decision), ANSWER_TTL_S);
      return recorded === 1;
    },
    async onStop(threadKey, onStop) {
      const channel = stopChannel(threadKey);
      const sub = subscriberConnection();
      const listener: Listener = { onStop };
      let entry = channels.get(channel);
      if (!entry) {
        // The first listener of a channel subscribes; later ones wait for that same SUBSCRIBE's reply.
        const created: Channel = { listeners: new Set(), subscribed: Promise.resolve() };
        created.subscribed = sub.subscribe(channel).then(
          () => undefined,
          (error: unknown) => {
            if (channels.get(channel) === created) channels.delete(channel); // the next onStop tries again
            throw error;
          },
        );
        channels.set(channel, (entry = created));
      }
      const own = entry;
      own.listeners.add(listener);
      await own.subscribed;
      return async () => {
        if (!own.listeners.delete(listener) || own.listeners.size > 0 || channels.get(channel) !== own) return;
        channels.delete(channel);
        if (subscriber === sub) await sub.unsubscribe(channel);
      };
    },
    async stop(threadKey, by) {
      await redis.publish(stopChannel(threadKey), JSON.stringify({ by }));
    },
    async close() {
      for (const blocking of waiting) blocking.disconnect();
      waiting.clear();
      channels.clear();
      const sub = subscriber;
      subscriber = undefined;
      await Promise.all([sub?.quit().catch(() => sub.disconnect()), redis.quit().catch(() => redis.disconnect())]);
    },
  };
}
