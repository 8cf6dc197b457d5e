import { randomUUID } from 'node:crypto';
import { describeReadModelContract } from './sessionReadModel.contract.js';
import { createRedisReadModel } from './redisReadModel.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart.
describeReadModelContract('Redis', () => createRedisReadModel({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `test-${randomUUID()}:` }));
