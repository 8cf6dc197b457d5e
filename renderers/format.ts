/**
 * Formatting shared by the session card renderers (Block Kit and PNG): numbers, money, durations, model
 * names and the figures derived from a summary. Pure and locale-free, so the same summary and `now`
 * always give the same strings (the PNG snapshots depend on it).
 */
import { costOf, priceFor } from '../projections/modelPricing.js';
import type { SessionSummary, TokenCounts } from '../projections/sessionSummary.js';

/**
 * `1204` → `1,204`; `48310` → `48.3k`; `2912400` → `2.91M`; `1.2e9` → `1.2B`; `9e12` → `9T`, with three
 * significant digits at most (999,999 → `1M`, not `1000k`). Negative and NaN → `0`.
 */
export function formatCount(value: number): string {
  const n = Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
  if (n < 10_000) return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  const units: [number, string][] = [[1e3, 'k'], [1e6, 'M'], [1e9, 'B'], [1e12, 'T']];
  for (const [i, [div, unit]] of units.entries()) {
    const scaled = n / div;
    const digits = scaled < 10 ? 2 : scaled < 100 ? 1 : 0;
    const text = scaled.toFixed(digits);
    if (Number(text) < 1000 || i === units.length - 1) return `${trimZeros(text).replace(/\B(?=(\d{3})+$)/g, ',')}${unit}`;
  }
  return String(n);
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** US dollars: `$2.48`, `$1,204.10`; a cost under a cent but above zero is `<$0.01`. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '$0.00';
  if (value < 0.01) return '<$0.01';
  const [whole = '0', cents = '00'] = value.toFixed(2).split('.');
  return `$${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
}

/** What a model without a price shows instead of a cost (issue #12: unknown, never guessed). */
export const PRICE_UNKNOWN = 'price unknown';

/**
 * The models of a summary whose price is unknown: its `unpricedModels`, or, for a summary stored before
 * that field existed, the models with tokens that the price table lacks.
 */
export function unpricedModelsOf(s: Pick<SessionSummary, 'unpricedModels' | 'tokens'>): string[] {
  if (s.unpricedModels !== undefined) return s.unpricedModels;
  return Object.entries(s.tokens).filter(([model, t]) => priceFor(model) === undefined && t.input + t.output + t.cacheRead + t.cacheWrite > 0).map(([model]) => model).sort();
}

/**
 * A total cost: `$2.48`; `$2.48 (partial)` when some models have no price (their cost is left out);
 * `price unknown` when no model with tokens has a price.
 */
export function formatTotalCost(costUsd: number, unpricedModels: readonly string[]): string {
  if (unpricedModels.length === 0) return formatUsd(costUsd);
  return costUsd > 0 ? `${formatUsd(costUsd)} (partial)` : PRICE_UNKNOWN;
}

/** A summary's cost, as `formatTotalCost`. */
export function formatCost(s: Pick<SessionSummary, 'costUsd' | 'unpricedModels' | 'tokens'>): string {
  return formatTotalCost(s.costUsd, unpricedModelsOf(s));
}

/** One model's cost: `$0.42`, or `price unknown` for a model the price table lacks. */
export function formatModelCost(model: string, tokens: TokenCounts): string {
  const cost = costOf(model, tokens);
  return cost === undefined ? PRICE_UNKNOWN : formatUsd(cost);
}

/** A ratio 0…1 as a whole percent (`0.942` → `94%`); values just above 0 show `<1%`, not `0%`. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0%';
  if (ratio < 0.005) return '<1%';
  return `${Math.round(Math.min(ratio, 1) * 100)}%`;
}

/**
 * Cache hit rate of one model: `cacheRead / (input + cacheRead + cacheWrite)`, i.e. the share of prompt
 * tokens served from Anthropic's prompt cache. Undefined when the model read no prompt tokens at all.
 */
export function cacheHitRate(t: TokenCounts): number | undefined {
  const prompt = t.input + t.cacheRead + t.cacheWrite;
  return prompt > 0 ? t.cacheRead / prompt : undefined;
}

/** A duration in ms, coarse: `45 s`, `3 min`, `1 h 27 min`, `3 days`. Negative → `0 s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const days = Math.floor(h / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** How long ago an ISO time was, seen at `now`: `just now` (under 10 s or in the future), `3 min ago`. */
export function formatAgo(iso: string | null, now: Date): string | undefined {
  if (iso === null) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const ms = now.getTime() - t;
  return ms < 10_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/**
 * A model id as people say it: `claude-sonnet-4-5-20250929` → `Sonnet 4.5`, `claude-opus-4-6` → `Opus 4.6`,
 * `claude-3-5-haiku-20241022` → `Haiku 3.5`. Anything else comes back as it is.
 */
export function modelLabel(model: string): string {
  const family = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
  const modern = /^claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/.exec(model);
  if (modern?.[1] && modern[2]) return `${family(modern[1])} ${modern[2]}${modern[3] ? `.${modern[3]}` : ''}`;
  const legacy = /^claude-(\d+)(?:-(\d{1,2}))?-(opus|sonnet|haiku)(?:-\d{8})?$/.exec(model);
  if (legacy?.[1] && legacy[3]) return `${family(legacy[3])} ${legacy[1]}${legacy[2] ? `.${legacy[2]}` : ''}`;
  return model;
}

/** Where the session runs: the repo (`owner/name`), else the last folder of its cwd, else `unknown repo`. */
export function sessionPlace(s: SessionSummary): string {
  if (s.repo !== null && s.repo.trim() !== '') return s.repo;
  const folder = s.cwd?.split(/[\\/]/).filter((p) => p !== '').pop();
  return folder ?? 'unknown repo';
}

/** The person from a git user `Name <email>`: the name, else the e-mail, else the whole string. */
export function personName(user: string | null): string | undefined {
  if (user === null || user.trim() === '') return undefined;
  const match = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(user);
  if (!match) return user.trim();
  return match[1] || match[2] || user.trim();
}

/** The status as a phrase: `running`, `waiting on permission: Bash`, `waiting: Claude needs your input`. */
export function statusPhrase(s: SessionSummary): string {
  if (s.status !== 'waiting' || !s.waitingFor) return s.status;
  return /^(permission|input)\b/i.test(s.waitingFor) ? `waiting on ${s.waitingFor}` : `waiting: ${s.waitingFor}`;
}

/** After the status phrase: `since 3 min ago` from `statusSince` (`running since…`), or `3 min ago` for an ended session (`ended 3 min ago`); undefined when unknown. */
export function statusAge(s: SessionSummary, now: Date): string | undefined {
  const ago = formatAgo(s.statusSince, now);
  if (ago === undefined) return undefined;
  return s.status === 'ended' ? ago : `since ${ago}`;
}

/** Tools by calls, most first, ties by name (stable for snapshots). */
export function toolsByCalls(s: SessionSummary): [name: string, calls: number][] {
  return Object.entries(s.tools).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Total tool calls. */
export function totalToolCalls(s: SessionSummary): number {
  return Object.values(s.tools).reduce((sum, n) => sum + n, 0);
}

/** Models by tokens moved (input + output + cache read + cache write), most first, ties by name. */
export function modelsByTokens(s: SessionSummary): [model: string, tokens: TokenCounts][] {
  const total = (t: TokenCounts) => t.input + t.output + t.cacheRead + t.cacheWrite;
  return Object.entries(s.tokens).sort((a, b) => total(b[1]) - total(a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Whitespace runs (newlines included) → one space, control characters dropped, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
}
