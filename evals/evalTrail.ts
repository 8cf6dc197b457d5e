/**
 * A session's timeline as the judge reads it: every item in work order (a subagent run's items right after
 * the Task/Agent call that started it, as recaps/sessionFacts.ts `workOrder` does, but nested runs too), each
 * with the turn it belongs to and its page anchor.
 *
 * Turn N is the Nth prompt a person typed in the main thread (projections/sessionTurns.ts): the main
 * thread's `prompt` items, which the timeline fold makes exactly from those lines. Items before the first
 * prompt are turn 0; a subagent's items belong to the turn of the call that started them (a subagent's own
 * prompts start no turn).
 *
 * Subagent ids are data: looked up with own-property checks, each run walked once, at most MAX_DEPTH deep,
 * so a run that names itself (or a cycle) cannot recurse without end.
 */
import type { SessionTimeline, TimelineItem } from '../projections/sessionTimelineTypes.js';
import { toolAnchor, turnAnchor } from '../projections/sessionTurns.js';

/** Subagents started by subagents, at most this deep (Claude Code nests them one level today). */
export const MAX_DEPTH = 4;

export interface TrailItem {
  item: TimelineItem;
  /** The turn it belongs to (0: before the first prompt). */
  turn: number;
  /** null: the main thread; else the subagent run's key. */
  thread: string | null;
  /** Its own anchor: `turn-N` for a main-thread prompt, `tool-<id>` for a tool call, else null. */
  anchor: string | null;
}

/** The items of `timeline` in work order, with turns and anchors. */
export function evalTrail(timeline: SessionTimeline): TrailItem[] {
  const out: TrailItem[] = [];
  const walked = new Set<string>();
  let turn = 0;
  const walk = (items: readonly TimelineItem[], thread: string | null, depth: number) => {
    for (const item of items) {
      if (thread === null && item.kind === 'prompt') turn += 1;
      const anchor = item.kind === 'tool' ? toolAnchor(item.id) : thread === null && item.kind === 'prompt' ? turnAnchor(turn) : null;
      out.push({ item, turn, thread, anchor });
      if (item.kind !== 'tool' || item.subagentId === null || depth >= MAX_DEPTH || walked.has(item.subagentId)) continue;
      // Own properties only: an agent id is data (`constructor` is one like any other).
      if (!Object.hasOwn(timeline.subagents, item.subagentId)) continue;
      walked.add(item.subagentId);
      walk(timeline.subagents[item.subagentId]!.items, item.subagentId, depth + 1);
    }
  };
  walk(timeline.items, null, 0);
  return out;
}

/** How many turns the timeline has (main-thread prompts). */
export function turnCount(timeline: SessionTimeline): number {
  return timeline.items.filter((i) => i.kind === 'prompt').length;
}
