/**
 * The signals remote approvals wait on (hosting/agentSignals.ts): the agent host's when this Kap hosts agents,
 * else their own — Redis when REDIS_URL is set (the ingest that waits and the bot that is clicked may be
 * separate processes), in-process otherwise.
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { openAgentSignals } from '../hosting/openAgentSignals.js';

/** `owned` is true when the caller must close them (they are not the agent host's). */
export async function openApprovalSignals(config: Readonly<KapConfig>, hosting: { signals: AgentSignals } | undefined): Promise<{ signals: AgentSignals; owned: boolean }> {
  if (hosting) return { signals: hosting.signals, owned: false };
  return { signals: await openAgentSignals(config), owned: true };
}
