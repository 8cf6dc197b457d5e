import { randomUUID } from 'node:crypto';
import { describeStateStoreContract, testStateId } from './projectionStateStore.contract.js';
import type { TestState } from './projectionStateStore.contract.js';
import { createRedisStateStore } from './redisStateStore.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart.
describeStateStoreContract('Redis', () =>
  createRedisStateStore<TestState>({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', kind: 'test', prefix: `test-${randomUUID()}:`, sessionIdOf: testStateId }),
);
