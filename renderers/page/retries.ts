/**
 * Retries on the session page: a tool call with the same tool and the same input as an earlier call of the
 * same thread whose result was an error (the agent tried again after a failure).
 */
import type { SessionTimeline, TimelineItem, ToolCallItem } from '../../projections/sessionTimeline.js';

/** The tool_use ids of the timeline's retries (main thread and every run, each thread on its own). */
export function retriesOf(timeline: SessionTimeline): Set<string> {
  const retries = new Set<string>();
  const threads: TimelineItem[][] = [timeline.items, ...Object.values(timeline.subagents).map((r) => r.items)];
  for (const items of threads) {
    const calls = items.filter((i): i is ToolCallItem => i.kind === 'tool');
    // Only calls of a tool that failed in this thread can be retries: stringify those inputs only.
    const failedTools = new Set(calls.filter((c) => c.result?.isError === true).map((c) => c.name));
    if (failedTools.size === 0) continue;
    const failed = new Set<string>();
    for (const call of calls) {
      if (!failedTools.has(call.name)) continue;
      const key = `${call.name}\u0000${JSON.stringify(call.input)}`;
      if (failed.has(key)) retries.add(call.id);
      if (call.result?.isError === true) failed.add(key);
      else failed.delete(key);
    }
  }
  return retries;
}
