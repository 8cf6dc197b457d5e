/**
 * Subagent runs nest under the Task call that really started them, on real lines: in 1.0.89
 * (`task-patterns/chat.json`) the person interrupted four Task calls and Claude asked again with the same
 * prompts; the interrupted calls' results (errors) came before any run, so each run belongs to the retry
 * still waiting for its result. 2.x runs (spotter) are linked by the ids Claude Code states.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { corpusStreams } from '../test/support/corpusStreams.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';
import type { SessionTimeline, TimelineItem, ToolCallItem } from './sessionTimeline.js';

const TASK_PATTERNS = '263940d8-4431-44ba-9f77-4eb54b5f81f0';
const SPOTTER_2X = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';

let streams: Map<string, RecordedEvent[]>;
beforeAll(async () => {
  streams = await corpusStreams(['task-patterns/chat.json', `spotter/${SPOTTER_2X}.jsonl`, `spotter/${SPOTTER_2X}`]);
}, 60_000);

const calls = (items: readonly TimelineItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool' && (i.name === 'Task' || i.name === 'Agent'));

function checkNesting(t: SessionTimeline): void {
  for (const call of calls(t.items)) {
    if (call.subagentId === null) continue;
    const run = t.subagents[call.subagentId]!;
    expect(run.toolUseId, call.id).toBe(call.id);
    expect(run.prompt, call.id).toBe(call.input.prompt);
  }
}

describe('subagent runs under the calls that started them', () => {
  it('1.0.89: interrupted Task calls have no run; each retry has the run its prompt started', () => {
    const t = foldTimelineEvents(initialTimeline(TASK_PATTERNS), streams.get(TASK_PATTERNS)!);
    const tasks = calls(t.items);
    const interrupted = tasks.filter((c) => c.result?.isError === true && c.result.text.startsWith('[Request interrupted'));
    expect(interrupted.length).toBe(4);
    for (const call of interrupted) expect(call.subagentId, call.id).toBeNull();
    const retries = tasks.filter((c) => c.result?.isError !== true);
    expect(retries.length).toBe(3);
    for (const call of retries) expect(call.subagentId, call.id).not.toBeNull();
    checkNesting(t);
    // The run under each retry answered with what the call's result says (its last text is the result).
    for (const call of retries) {
      const run = t.subagents[call.subagentId!]!;
      const last = run.items.filter((i) => i.kind === 'text').at(-1);
      expect(last?.kind === 'text' && call.result!.text.startsWith(last.text.slice(0, 200)), call.id).toBe(true);
    }
  });

  it('2.x: runs in subagents/agent-<id>.jsonl nest under the call that states their agentId, whatever the order of folding', () => {
    const events = streams.get(SPOTTER_2X)!;
    // What Claude Code states: the Task result's `toolUseResult.agentId`, on the line holding its tool_result.
    const statedAgents = new Map<string, string>();
    for (const e of events) {
      const agentId = (e.data.toolUseResult as { agentId?: unknown } | undefined)?.agentId;
      const blocks = (e.data.message as { content?: unknown } | undefined)?.content;
      if (typeof agentId !== 'string' || !Array.isArray(blocks)) continue;
      for (const b of blocks as Array<{ type?: string; tool_use_id?: string }>) if (b.type === 'tool_result' && b.tool_use_id) statedAgents.set(b.tool_use_id, agentId);
    }
    expect(statedAgents.size).toBe(2);
    const subagentFirst = [...events.filter((e) => e.metadata.file !== 'main'), ...events.filter((e) => e.metadata.file === 'main')].map((e, i) => ({ ...e, revision: BigInt(i) }));
    for (const order of [events, subagentFirst]) {
      const t = foldTimelineEvents(initialTimeline(SPOTTER_2X), order);
      const tasks = calls(t.items);
      expect(tasks.length).toBe(2);
      for (const call of tasks) expect(call.subagentId, call.id).toBe(statedAgents.get(call.id));
      checkNesting(t);
    }
  });
});
