/**
 * The session-feed contract suite, run by every adapter (in-process; Redis for real on 127.0.0.1:6379 or
 * REDIS_URL). `open` gives two views of one feed: `publisher` (the projections) and `subscriber` (the web,
 * in another process where the adapter allows it). Only outcomes are asserted, never durations.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionChange, SessionFeed } from './sessionFeed.js';

export interface FeedPair {
  publisher: SessionFeed;
  subscriber: SessionFeed;
}

/** Resolves with the first `n` changes `feed` delivers to a listener subscribed now (rejects after 5 s). */
async function collect(feed: SessionFeed, n: number, received: SessionChange[] = []): Promise<{ done: Promise<SessionChange[]>; stop: () => Promise<void> }> {
  let resolve!: (changes: SessionChange[]) => void;
  const done = new Promise<SessionChange[]>((r, reject) => {
    resolve = r;
    setTimeout(() => reject(new Error(`received ${received.length} of ${n} changes`)), 5_000).unref();
  });
  const stop = await feed.subscribe((change) => {
    received.push(change);
    if (received.length === n) resolve(received);
  });
  return { done, stop };
}

export function describeSessionFeedContract(name: string, open: () => FeedPair): void {
  describe(`SessionFeed contract: ${name}`, () => {
    const opened: FeedPair[] = [];
    const pair = () => {
      const p = open();
      opened.push(p);
      return p;
    };
    afterEach(async () => {
      for (const { publisher, subscriber } of opened.splice(0)) await Promise.all([publisher.close(), subscriber.close()]);
    });

    it('delivers published changes, in order, to every subscriber', async () => {
      const { publisher, subscriber } = pair();
      const id = randomUUID();
      const changes: SessionChange[] = [
        { sessionId: id, projection: 'session-summary', revision: 3, status: 'running', lastActivityAt: '2026-12-02T10:00:00.000Z' },
        { sessionId: id, projection: 'session-timeline', revision: 3 },
        { sessionId: '__proto__', projection: 'session-summary', revision: 0, status: 'ended', lastActivityAt: null },
      ];
      const a = await collect(subscriber, 3);
      const b = await collect(subscriber, 3);
      await publisher.publish(changes);
      expect(await a.done).toEqual(changes);
      expect(await b.done).toEqual(changes);
    });

    it('stops delivering to a listener that unsubscribed, and keeps delivering to the others', async () => {
      const { publisher, subscriber } = pair();
      const gone: SessionChange[] = [];
      const stop = await subscriber.subscribe((c) => gone.push(c));
      await stop();
      const kept = await collect(subscriber, 1);
      await publisher.publish([{ sessionId: randomUUID(), projection: 'session-summary', revision: 1, status: 'idle' }]);
      await kept.done;
      expect(gone).toEqual([]);
    });

    it('isolates a listener that throws', async () => {
      const { publisher, subscriber } = pair();
      await subscriber.subscribe(() => {
        throw new Error('broken subscriber');
      });
      const kept = await collect(subscriber, 2);
      await publisher.publish([
        { sessionId: randomUUID(), projection: 'session-summary', revision: 1 },
        { sessionId: randomUUID(), projection: 'session-timeline', revision: 2 },
      ]);
      expect((await kept.done).map((c) => c.revision)).toEqual([1, 2]);
    });

    it('does not let a publisher change a change after publishing it', async () => {
      const { publisher, subscriber } = pair();
      const got = await collect(subscriber, 1);
      const change: SessionChange = { sessionId: randomUUID(), projection: 'session-summary', revision: 7, status: 'waiting' };
      const published = publisher.publish([change]);
      change.revision = 99;
      await published;
      expect((await got.done)[0]!.revision).toBe(7);
    });
  });
}
