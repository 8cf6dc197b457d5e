/**
 * The summaries a list shows (the index, team usage, search, recall, `/kap usage`): those every reader in
 * `readers` may read by the one read rule (sessionGate.ts `allows`), in the order given. The gate is asked
 * `BATCH` sessions at a time: its owner lookups (identity links, Slack's users.lookupByEmail and
 * conversations.members, each cached) overlap instead of waiting one after another.
 */
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { Reader } from './sessionAccess.js';
import type { SessionGate } from './sessionGate.js';

const BATCH = 50;

/**
 * The summaries of `summaries` all of `readers` may read, at most `limit` (default: all), in order. Without a
 * gate (tests of routes alone: every reader local) every summary.
 */
export async function readableSummaries(
  gate: Pick<SessionGate, 'allows'> | undefined,
  summaries: readonly SessionSummary[],
  readers: readonly Reader[],
  limit = Number.POSITIVE_INFINITY,
): Promise<SessionSummary[]> {
  if (!gate) return summaries.slice(0, limit);
  const readable: SessionSummary[] = [];
  for (let i = 0; i < summaries.length && readable.length < limit; i += BATCH) {
    const batch = summaries.slice(i, i + BATCH);
    const allowed = await Promise.all(batch.map((summary) => gate.allows(summary, readers)));
    batch.forEach((summary, k) => {
      if (allowed[k] && readable.length < limit) readable.push(summary);
    });
  }
  return readable;
}
