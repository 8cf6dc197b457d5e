import { randomUUID } from 'node:crypto';
import { describeHostedSessionsContract } from './hostedSessions.contract.js';
import { createRedisHostedSessions } from './redisHostedSessions.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart.
describeHostedSessionsContract('Redis', () =>
  createRedisHostedSessions({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `test-${randomUUID()}:` }),
);
