import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';
import type { SessionTimeline } from './sessionTimeline.js';
import { turnStatsOf } from './sessionTurnStats.js';

function stream() {
  let revision = 0;
  const line = (data: Record<string, unknown>, file = 'main'): RecordedEvent => {
    const r = BigInt(revision++);
    return { id: `e${r}`, type: 'TranscriptLine', streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata: { source: 'transcript', file }, created: new Date(0) };
  };
  const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output, cache_read_input_tokens: 1000, cache_creation_input_tokens: 10 });
  const prompt = (text: string, at: string) => line({ type: 'user', timestamp: at, message: { role: 'user', content: text } });
  const assistant = (id: string, at: string, content: unknown[], u = usage(100, 5), model = 'claude-opus-4-6', file = 'main', extra: Record<string, unknown> = {}) =>
    line({ type: 'assistant', timestamp: at, message: { id, model, content, usage: u }, ...extra }, file);
  const result = (toolUseId: string, at: string, content: string, extra: Record<string, unknown> = {}, file = 'main') =>
    line({ type: 'user', timestamp: at, message: { content: [{ type: 'tool_result', tool_use_id: toolUseId, content }] }, ...extra }, file);
  return { line, usage, prompt, assistant, result };
}

const AGENT_FILE = 'subagents/agent-ab1.jsonl';

/** A session as `kap import` stores it: the main file first, then the subagent file (folded after turn 2). */
function session() {
  const s = stream();
  return [
    s.assistant('m0', '2026-01-01T09:59:00Z', [{ type: 'text', text: 'warming up' }], s.usage(1, 1)),
    s.prompt('first <b>prompt</b>\nsecond line', '2026-01-01T10:00:00Z'),
    // One response written as three lines with the same message.id, output_tokens growing: counted once, last usage.
    s.assistant('m1', '2026-01-01T10:00:05Z', [{ type: 'text', text: 'a' }], s.usage(100, 1)),
    s.assistant('m1', '2026-01-01T10:00:06Z', [{ type: 'text', text: 'b' }], s.usage(100, 7)),
    s.assistant('m1', '2026-01-01T10:00:07Z', [{ type: 'tool_use', id: 't1', name: 'Task', input: { prompt: 'look around', subagent_type: 'Explore' } }], s.usage(100, 9)),
    s.result('t1', '2026-01-01T10:03:00Z', 'found it', { toolUseResult: { agentId: 'ab1' } }),
    s.prompt('now commit', '2026-01-01T11:00:00Z'),
    s.assistant('m2', '2026-01-01T11:00:30Z', [{ type: 'text', text: 'done' }], s.usage(50, 3)),
    // The subagent's own file, folded after the main file: its usage belongs to turn 1, where its Task call is.
    s.line({ type: 'user', isSidechain: true, agentId: 'ab1', timestamp: '2026-01-01T10:00:10Z', message: { content: 'look around' } }, AGENT_FILE),
    s.assistant('s1', '2026-01-01T10:02:50Z', [{ type: 'text', text: 'looked' }], s.usage(20, 2), 'claude-haiku-4-5', AGENT_FILE, { isSidechain: true }),
    s.assistant('s1', '2026-01-01T10:02:51Z', [{ type: 'text', text: 'looked more' }], s.usage(20, 4), 'claude-haiku-4-5', AGENT_FILE, { isSidechain: true }),
  ];
}

describe('turns of a timeline', () => {
  const events = session();
  const timeline = foldTimelineEvents(initialTimeline('s1'), events);
  const turns = turnStatsOf(timeline);

  it('numbers turns by the prompts a person typed in the main thread, turn 0 before the first', () => {
    expect(turns.map((t) => t.n)).toEqual([0, 1, 2]);
    expect(turns[1]!.prompt?.text).toBe('first <b>prompt</b>\nsecond line');
    expect(turns[0]!.prompt).toBeNull();
    // The subagent's prompt starts no turn.
    expect(timeline.items.filter((i) => i.kind === 'prompt')).toHaveLength(2);
  });

  it('counts each message once with its last usage, subagents toward the turn of their Task call', () => {
    expect(turns[1]!.tokens).toEqual({
      'claude-opus-4-6': { input: 100, output: 9, cacheRead: 1000, cacheWrite: 10 },
      'claude-haiku-4-5': { input: 20, output: 4, cacheRead: 1000, cacheWrite: 10 },
    });
    expect(turns[2]!.tokens).toEqual({ 'claude-opus-4-6': { input: 50, output: 3, cacheRead: 1000, cacheWrite: 10 } });
    expect(turns[0]!.tokens).toEqual({ 'claude-opus-4-6': { input: 1, output: 1, cacheRead: 1000, cacheWrite: 10 } });
    expect(turns[1]!.cost.usd).toBeGreaterThan(turns[2]!.cost.usd);
    expect(turns[1]!.cost.unpricedModels).toEqual([]);
  });

  it('spans a turn from its first to its last activity, its subagent run included', () => {
    expect(turns[1]!.firstAt).toBe('2026-01-01T10:00:00Z');
    expect(turns[1]!.lastAt).toBe('2026-01-01T10:03:00Z');
    expect(turns[1]!.durationMs).toBe(180_000);
    expect(turns[2]!.durationMs).toBe(30_000);
  });

  it('gives the same turns when the events are delivered twice or in two halves, and stays JSON', () => {
    const twice = foldTimelineEvents(timeline, events);
    expect(twice).toEqual(timeline);
    const halves = foldTimelineEvents(foldTimelineEvents(initialTimeline('s1'), events.slice(0, 4)), events.slice(4));
    expect(turnStatsOf(halves)).toEqual(turns);
    expect(JSON.parse(JSON.stringify(timeline))).toEqual(timeline);
  });

  it('reads a state stored before turns were kept: turns numbered, no tokens, and folds on from it', () => {
    const old = JSON.parse(JSON.stringify(timeline)) as SessionTimeline;
    delete old.turns;
    delete old.index.usage;
    for (const run of Object.values(old.subagents)) {
      delete run.tokens;
      delete run.lastAt;
    }
    const stats = turnStatsOf(old);
    expect(stats.map((t) => t.n)).toEqual([0, 1, 2]);
    expect(stats[2]!.tokens).toEqual({});
    const s = stream();
    const more = [s.prompt('third', '2026-01-01T12:00:00Z'), s.assistant('m3', '2026-01-01T12:00:09Z', [{ type: 'text', text: 'ok' }], s.usage(7, 7))].map((e, i) => ({ ...e, revision: BigInt(100 + i) }));
    const next = turnStatsOf(foldTimelineEvents(old, more));
    expect(next.map((t) => t.n)).toEqual([0, 1, 2, 3]);
    expect(next[3]!.tokens).toEqual({ 'claude-opus-4-6': { input: 7, output: 7, cacheRead: 1000, cacheWrite: 10 } });
    expect(next[3]!.durationMs).toBe(9_000);
  });

  it('keeps ids from data as keys like any other (__proto__ as a model name)', () => {
    const s = stream();
    const state = foldTimelineEvents(initialTimeline('s1'), [s.prompt('hi', '2026-01-01T10:00:00Z'), s.assistant('__proto__', '2026-01-01T10:00:01Z', [], s.usage(3, 3), '__proto__')]);
    expect(Object.keys(state.turns![1]!.tokens)).toEqual(['__proto__']);
    expect(Object.keys(state.index.usage!)).toEqual(['__proto__']);
    expect(turnStatsOf(state)[0]!.cost.unpricedModels).toEqual(['__proto__']);
  });
});
