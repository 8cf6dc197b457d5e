import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { describeSessionFeedContract } from './sessionFeed.contract.js';
import { createRedisSessionFeed } from './redisSessionFeed.js';
import type { SessionChange } from './sessionFeed.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart. Two instances on the same
// prefix stand for the projections and the web in two processes.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describeSessionFeedContract('Redis', () => {
  const prefix = `test-${randomUUID()}:`;
  return { publisher: createRedisSessionFeed({ url, prefix }), subscriber: createRedisSessionFeed({ url, prefix }) };
});

describe('Redis session feed', () => {
  it('drops messages on its channel that are not session changes, and delivers the next real one', async () => {
    const prefix = `test-${randomUUID()}:`;
    const feed = createRedisSessionFeed({ url, prefix });
    const raw = new Redis(url);
    try {
      const received: SessionChange[] = [];
      const got = new Promise<void>((resolve) => {
        void feed.subscribe((c) => {
          received.push(c);
          resolve();
        });
      });
      // subscribe() resolves once SUBSCRIBE is acknowledged: wait for it through a second subscription.
      await (await feed.subscribe(() => {}))();
      for (const junk of ['not json', '{"sessionId":1}', '{"sessionId":"s","projection":"other","revision":1}', 'null']) {
        await raw.publish(`${prefix}session-changes`, junk);
      }
      await raw.publish(`${prefix}session-changes`, JSON.stringify({ sessionId: 's1', projection: 'session-timeline', revision: 4 }));
      await got;
      expect(received).toEqual([{ sessionId: 's1', projection: 'session-timeline', revision: 4 }]);
    } finally {
      raw.disconnect();
      await feed.close();
    }
  });
});
