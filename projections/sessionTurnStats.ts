/**
 * The turns of a session timeline as the session page shows them: where each starts and ends in the main
 * thread, how long it ran, and its tokens and cost. Turn numbers follow sessionTurns.ts (turn N starts at
 * the Nth prompt a person typed in the main thread; turn 0 is what came before the first).
 *
 * A turn's tokens are its main-thread messages' (`SessionTimeline.turns`) plus those of the subagent runs its
 * Task/Agent calls started (nested runs too); a run no call in the timeline started counts toward the turn
 * that was under way when it started (by time), else toward turn 0 (a Warmup run before the first prompt). Its span runs from the first
 * to the last line time of the turn, runs included.
 */
import { costOfTokens } from './modelPricing.js';
import type { TokensCost } from './modelPricing.js';
import { mapOf, recordOf } from './ownRecords.js';
import type { PromptItem, SessionTimeline, SubagentRun, TimelineItem, TurnActivity } from './sessionTimelineTypes.js';
import { addTokens } from './tokenCounts.js';
import type { TokenCounts } from './tokenCounts.js';

export interface TurnStats {
  /** The turn number. */
  n: number;
  /** The turn's items in the main thread: `items.slice(start, end)`; the prompt (if any) is `items[start]`. */
  start: number;
  end: number;
  /** The prompt that started it; null for turn 0. */
  prompt: PromptItem | null;
  /** Earliest and latest line time (ISO), runs included; null when no line had a time. */
  firstAt: string | null;
  lastAt: string | null;
  /** `lastAt - firstAt` in ms; null without both. */
  durationMs: number | null;
  /** model → tokens (main thread and its runs). */
  tokens: Record<string, TokenCounts>;
  cost: TokensCost;
  /** Tool calls in the main thread of the turn, and how many failed. */
  toolCalls: number;
  toolErrors: number;
}

interface Span {
  firstAt: string | null;
  lastAt: string | null;
}

function widen(span: Span, at: string | null | undefined): void {
  if (at === null || at === undefined) return;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return;
  if (span.firstAt === null || t < Date.parse(span.firstAt)) span.firstAt = at;
  if (span.lastAt === null || t > Date.parse(span.lastAt)) span.lastAt = at;
}

function addAll(into: Map<string, TokenCounts>, tokens: Record<string, TokenCounts> | undefined): void {
  for (const [model, t] of mapOf(tokens)) addTokens(into, model, t, 1);
}

/**
 * The turns of a timeline in order (turn 0 only when something came before the first prompt: items, or
 * tokens such as a Warmup run's). Reads states
 * stored before turns were kept: their turns have no times from the fold, only the items' own.
 */
export function turnStatsOf(timeline: SessionTimeline): TurnStats[] {
  const items = timeline.items;
  const starts: number[] = [];
  items.forEach((item, i) => {
    if (item.kind === 'prompt') starts.push(i);
  });
  const bounds: Array<{ n: number; start: number; end: number }> = [];
  // Turn 0 is kept only when something happened in it (dropped at the end otherwise).
  bounds.push({ n: 0, start: 0, end: starts[0] ?? items.length });
  starts.forEach((start, k) => bounds.push({ n: k + 1, start, end: starts[k + 1] ?? items.length }));

  const runs = mapOf(timeline.subagents);
  const seen = new Set<string>();
  const turns = bounds.map(({ n, start, end }) => {
    const activity: TurnActivity | undefined = timeline.turns?.[n];
    const span: Span = { firstAt: null, lastAt: null };
    widen(span, activity?.firstAt);
    widen(span, activity?.lastAt);
    const tokens = mapOf(activity?.tokens);
    const slice = items.slice(start, end);
    for (const item of slice) widen(span, item.at);
    addRuns(runs, slice, span, tokens, seen);
    const calls = slice.filter((i) => i.kind === 'tool');
    return { n, start, end, prompt: n === 0 ? null : (items[start] as PromptItem), span, tokens, toolCalls: calls.length, toolErrors: calls.filter((c) => c.result?.isError === true).length };
  });

  // Runs no call started: to the turn under way when they started, else (before any, or no time) turn 0.
  for (const run of runs.values()) {
    if (seen.has(run.agentId)) continue;
    const t = run.startedAt === null ? NaN : Date.parse(run.startedAt);
    const turn = (Number.isNaN(t) ? undefined : [...turns].reverse().find((x) => x.n > 0 && x.span.firstAt !== null && Date.parse(x.span.firstAt) <= t)) ?? turns[0]!;
    seen.add(run.agentId);
    addRun(runs, run, turn.span, turn.tokens, seen);
  }

  const happened = (t: (typeof turns)[number]) => t.end > t.start || [...t.tokens.values()].some((c) => c.input + c.output + c.cacheRead + c.cacheWrite > 0);
  return turns.filter((t) => t.n > 0 || happened(t)).map(({ span, tokens, ...rest }) => ({
    ...rest,
    firstAt: span.firstAt,
    lastAt: span.lastAt,
    durationMs: span.firstAt !== null && span.lastAt !== null ? Date.parse(span.lastAt) - Date.parse(span.firstAt) : null,
    tokens: recordOf(tokens),
    cost: costOfTokens(tokens),
  }));
}

type Runs = ReadonlyMap<string, SubagentRun>;

function addRuns(runs: Runs, items: readonly TimelineItem[], span: Span, tokens: Map<string, TokenCounts>, seen: Set<string>): void {
  for (const item of items) {
    if (item.kind !== 'tool' || item.subagentId === null || seen.has(item.subagentId)) continue;
    const run = runs.get(item.subagentId);
    if (!run) continue;
    seen.add(run.agentId);
    addRun(runs, run, span, tokens, seen);
  }
}

function addRun(runs: Runs, run: SubagentRun, span: Span, tokens: Map<string, TokenCounts>, seen: Set<string>): void {
  widen(span, run.startedAt);
  widen(span, run.lastAt);
  addAll(tokens, run.tokens);
  addRuns(runs, run.items, span, tokens, seen);
}

/** The first line of a prompt, cut to `max` characters (for outlines and titles). */
export function firstLine(text: string, max = 120): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
