import { randomUUID } from 'node:crypto';
import { describeAgentSignalsContract } from './agentSignals.contract.js';
import { createRedisAgentSignals } from './redisAgentSignals.js';

// Real Redis (CI starts one on 127.0.0.1:6379); a unique prefix keeps runs apart. Two instances on the same
// prefix stand for the worker and the bot in two processes.
describeAgentSignalsContract('Redis', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `test-${randomUUID()}:`;
  return { signals: createRedisAgentSignals({ url, prefix }), other: createRedisAgentSignals({ url, prefix }) };
});
