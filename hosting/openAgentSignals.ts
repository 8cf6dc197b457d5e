/** The signals adapter the configuration names: Redis when REDIS_URL is set (roles in separate processes), in-process otherwise. */
import type { KapConfig } from '../config/kapConfig.js';
import type { AgentSignals } from './agentSignals.js';
import { createInProcessAgentSignals } from './inProcessAgentSignals.js';

export async function openAgentSignals(config: Pick<KapConfig, 'redisUrl'>): Promise<AgentSignals> {
  return config.redisUrl ? (await import('./redisAgentSignals.js')).createRedisAgentSignals({ url: config.redisUrl }) : createInProcessAgentSignals();
}
