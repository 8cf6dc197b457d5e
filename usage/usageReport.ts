/**
 * Team usage from the session summaries (issue #12, `/kap usage` and the weekly digest): sessions, prompts,
 * tokens per model, cache hit rate and list-price cost, in total, by person and by repository.
 *
 * Pure apart from the gate: the summaries come from the read model (`SessionReadModel.list`), the owner and
 * the read rule from `access/sessionGate.ts`. A session counts only when every reader given may read it (the
 * person asking and the channel the answer is shown in; the digest's channel), so usage never tells about
 * a session its audience could not open.
 *
 * When a session counts: a summary has totals, not a day-by-day breakdown, so a session counts wholly in the
 * window that holds its `lastActivityAt` (UTC), and in `byDay` on that day. Cost is recomputed from the tokens with the current price
 * table (projections/modelPricing.ts), so stored summaries folded under an older table count at today's
 * prices; models without a price are named, never guessed.
 */
import type { SessionGate } from '../access/sessionGate.js';
import { readableSummaries } from '../access/readableSummaries.js';
import type { Reader, SessionOwner } from '../access/sessionAccess.js';
import { costOfTokens } from '../projections/modelPricing.js';
import type { SessionSummary, TokenCounts } from '../projections/sessionSummary.js';

export const USAGE_PERIODS = ['today', 'week', 'month'] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** Whose sessions: everyone's (that the readers may read), one person's, one channel's shares, one repository's. */
export type UsageFilter =
  | { kind: 'all' }
  /** A Slack user: the session's owner as the gate resolves it (`accessOf(summary).owner.slackUserId`). */
  | { kind: 'person'; userId: string }
  /** Sessions shared in a channel: `sharedWith.channels` or a message in `sharedIn`. */
  | { kind: 'channel'; channel: string }
  /** `owner/name`, compared without case. */
  | { kind: 'repo'; repo: string };

/** A time window `[from, to)`, UTC. */
export interface UsageWindow {
  from: Date;
  to: Date;
}

export interface UsageTotals {
  sessions: number;
  prompts: number;
  /** model → tokens, summed. */
  tokens: Map<string, TokenCounts>;
  /** List price of the models with a price, USD. */
  costUsd: number;
  /** Models with tokens and no price (left out of `costUsd`), sorted. */
  unpricedModels: string[];
}

export interface UsageReport {
  window: UsageWindow;
  filter: UsageFilter;
  total: UsageTotals;
  /** Owner's Slack user id → totals; `null`: sessions whose owner Kap could not resolve to a Slack user. */
  byPerson: Map<string | null, UsageTotals>;
  /** `owner/name` → totals; `null`: sessions with no repository. */
  byRepo: Map<string | null, UsageTotals>;
  /** UTC day `YYYY-MM-DD` of `lastActivityAt` → totals, days with sessions only, in no particular order. */
  byDay: Map<string, UsageTotals>;
}

export interface UsageDeps {
  gate: Pick<SessionGate, 'allows' | 'accessOf'>;
}

/** Whose a session is for `byPerson` and the `person` filter: the owner's Slack user id unless the caller says otherwise (the web without Slack groups by git identity). */
export type PersonOf = (owner: SessionOwner) => string | null;

/**
 * The window of a period ending at `now`, UTC: `today` from 00:00, `week` from Monday 00:00 (ISO week),
 * `month` from the 1st 00:00; each up to `now`.
 */
export function periodWindow(period: UsagePeriod, now: Date): UsageWindow {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (period === 'today') return { from: new Date(day), to: now };
  if (period === 'week') return { from: new Date(day - ((now.getUTCDay() + 6) % 7) * 86_400_000), to: now };
  return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: now };
}

/**
 * Usage of the summaries in `window` that pass `filter` and that every one of `readers` may read.
 * `summaries` is any iterable (the read model's list); order does not matter.
 */
export async function computeUsage(deps: UsageDeps, summaries: Iterable<SessionSummary>, options: { filter: UsageFilter; window: UsageWindow; readers: readonly Reader[]; personOf?: PersonOf }): Promise<UsageReport> {
  const { filter, window, readers } = options;
  const personOf = options.personOf ?? ((owner: SessionOwner) => owner.slackUserId);
  const inWindow: SessionSummary[] = [];
  for (const s of summaries) {
    const at = s.lastActivityAt === null ? Number.NaN : Date.parse(s.lastActivityAt);
    if (Number.isNaN(at) || at < window.from.getTime() || at >= window.to.getTime()) continue;
    if (passesCheapFilter(s, filter)) inWindow.push(s);
  }
  const counted: Array<{ summary: SessionSummary; owner: string | null }> = [];
  for (const s of await readableSummaries(deps.gate, inWindow, readers)) {
    const owner = personOf((await deps.gate.accessOf(s)).owner);
    if (filter.kind === 'person' && owner !== filter.userId) continue;
    counted.push({ summary: s, owner });
  }
  const total = new Totals();
  const byPerson = new Map<string | null, Totals>();
  const byRepo = new Map<string | null, Totals>();
  const byDay = new Map<string, Totals>();
  const group = <K>(map: Map<K, Totals>, key: K) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = new Totals()));
    return t;
  };
  for (const { summary, owner } of counted) {
    total.add(summary);
    group(byPerson, owner).add(summary);
    group(byRepo, summary.repo).add(summary);
    // lastActivityAt parsed above, so this is a valid time.
    group(byDay, new Date(Date.parse(summary.lastActivityAt!)).toISOString().slice(0, 10)).add(summary);
  }
  const done = <K>(m: Map<K, Totals>) => new Map([...m].map(([k, t]) => [k, t.result()] as const));
  return { window, filter, total: total.result(), byPerson: done(byPerson), byRepo: done(byRepo), byDay: done(byDay) };
}

/** The filters that need no owner resolution. */
function passesCheapFilter(s: SessionSummary, filter: UsageFilter): boolean {
  switch (filter.kind) {
    case 'all':
    case 'person':
      return true;
    case 'repo':
      return s.repo !== null && s.repo.toLowerCase() === filter.repo.toLowerCase();
    case 'channel':
      return (s.sharedWith?.channels ?? []).includes(filter.channel) || s.sharedIn.some((m) => m.channel === filter.channel);
  }
}

class Totals {
  sessions = 0;
  prompts = 0;
  readonly tokens = new Map<string, TokenCounts>();

  add(s: SessionSummary): void {
    this.sessions += 1;
    this.prompts += s.prompts;
    // Object.entries: own properties only, so a model named `__proto__` is a model like any other.
    for (const [model, t] of Object.entries(s.tokens)) {
      const c = this.tokens.get(model) ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
      this.tokens.set(model, { input: c.input + t.input, output: c.output + t.output, cacheRead: c.cacheRead + t.cacheRead, cacheWrite: c.cacheWrite + t.cacheWrite });
    }
  }

  result(): UsageTotals {
    const cost = costOfTokens(this.tokens);
    return { sessions: this.sessions, prompts: this.prompts, tokens: this.tokens, costUsd: cost.usd, unpricedModels: cost.unpricedModels };
  }
}

/** All models' tokens summed. */
export function allTokens(tokens: ReadonlyMap<string, TokenCounts>): TokenCounts {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const t of tokens.values()) {
    sum.input += t.input;
    sum.output += t.output;
    sum.cacheRead += t.cacheRead;
    sum.cacheWrite += t.cacheWrite;
  }
  return sum;
}
