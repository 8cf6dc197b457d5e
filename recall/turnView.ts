/**
 * One turn of a session as an agent reads it through recall (`get_turn`): the prompt, then what the agent
 * did in order — its text, its tool calls (name, what the call was about, a bounded part of the output, whether
 * it failed) and subagent runs in brief — paged over those steps.
 *
 * Turn N is the Nth prompt a person typed in the main thread (1-based), with everything after it up to the
 * next one; turn 0 is what came before the first prompt. That is the session page's `#turn-N` and search's
 * rule: the timeline's main-thread `prompt` items are exactly those prompts (projections/sessionTimeline.ts).
 */
import type { SessionTimeline, TimelineItem, ToolCallItem } from '../projections/sessionTimeline.js';
import { toolHeadline } from '../renderers/page/toolInput.js';

/** Characters of a text or output an agent gets per step; the rest is on the session page. */
export const TURN_STEP_CHARS = 4_000;
/** Steps per page, at most. */
export const MAX_TURN_STEPS = 50;

export type TurnStep =
  | { kind: 'text'; at: string | null; model: string | null; text: string; truncated: boolean }
  | { kind: 'tool'; at: string | null; toolUseId: string; name: string; about: string; output: string | null; outputTruncated: boolean; isError: boolean; subagent: { agentId: string; prompt: string | null; toolCalls: number } | null }
  | { kind: 'notice'; at: string | null; text: string };

export interface TurnView {
  sessionId: string;
  turn: number;
  /** How many turns the session has (its prompts). */
  turns: number;
  /** The prompt that opened the turn; null for turn 0. */
  prompt: { at: string | null; text: string; truncated: boolean } | null;
  steps: TurnStep[];
  /** Steps in the whole turn; `offset` + `steps.length` < `totalSteps` means there is a next page. */
  totalSteps: number;
  offset: number;
  /** The offset of the next page, or null on the last. */
  nextOffset: number | null;
}

const cut = (text: string, max = TURN_STEP_CHARS): { text: string; truncated: boolean } =>
  text.length > max ? { text: `${text.slice(0, max)}…`, truncated: true } : { text, truncated: false };

/** The main thread's items split at prompts: index N holds turn N (0: before the first prompt). */
export function splitTurns(items: readonly TimelineItem[]): TimelineItem[][] {
  const turns: TimelineItem[][] = [[]];
  for (const item of items) {
    if (item.kind === 'prompt') turns.push([item]);
    else turns[turns.length - 1]!.push(item);
  }
  return turns;
}

/**
 * Turn `turn` of `timeline`, steps `offset` … `offset + limit - 1` (limit clamped to 1…MAX_TURN_STEPS), or
 * undefined when the session has no such turn.
 */
export function turnView(timeline: SessionTimeline, turn: number, offset = 0, limit = 20): TurnView | undefined {
  const turns = splitTurns(timeline.items);
  const items = turns[turn];
  if (!Number.isInteger(turn) || turn < 0 || !items) return undefined;
  const head = items[0]?.kind === 'prompt' ? items[0] : undefined;
  const rest = head ? items.slice(1) : items;
  const start = Math.max(0, Math.floor(offset));
  const size = Math.min(Math.max(Math.floor(limit), 1), MAX_TURN_STEPS);
  const page = rest.slice(start, start + size).map((item) => step(timeline, item));
  return {
    sessionId: timeline.sessionId,
    turn,
    turns: turns.length - 1,
    prompt: head ? { at: head.at, ...cut(head.text) } : null,
    steps: page,
    totalSteps: rest.length,
    offset: start,
    nextOffset: start + size < rest.length ? start + size : null,
  };
}

function step(timeline: SessionTimeline, item: TimelineItem): TurnStep {
  switch (item.kind) {
    case 'prompt': // a prompt never sits inside a main-thread turn; kept for completeness
    case 'text': {
      const { text, truncated } = cut(item.text);
      return { kind: 'text', at: item.at, model: item.kind === 'text' ? item.model : null, text, truncated: truncated || item.truncated };
    }
    case 'notice':
      return { kind: 'notice', at: item.at, text: item.text };
    case 'tool':
      return toolStep(timeline, item);
  }
}

function toolStep(timeline: SessionTimeline, call: ToolCallItem): TurnStep {
  const output = call.result ? cut(call.result.text, TURN_STEP_CHARS / 2) : null;
  // Keys from data: read through a Map-like lookup that ignores inherited names.
  const run = call.subagentId !== null && Object.hasOwn(timeline.subagents, call.subagentId) ? timeline.subagents[call.subagentId] : undefined;
  return {
    kind: 'tool',
    at: call.at,
    toolUseId: call.id,
    name: call.name,
    about: toolHeadline(call),
    output: output?.text ?? null,
    outputTruncated: (output?.truncated ?? false) || (call.result?.truncated ?? false),
    isError: call.result?.isError === true,
    subagent: run ? { agentId: run.agentId, prompt: run.prompt === null ? null : cut(run.prompt, 500).text, toolCalls: run.items.filter((i) => i.kind === 'tool').length } : null,
  };
}
