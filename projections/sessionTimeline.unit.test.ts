import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { foldTimelineEvents, initialTimeline, MAX_INPUT_CHARS, MAX_OUTPUT_CHARS } from './sessionTimeline.js';
import type { AssistantTextItem, SessionTimeline, TimelineItem, ToolCallItem } from './sessionTimeline.js';

function stream() {
  let revision = 0;
  const at = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): RecordedEvent => {
    const r = BigInt(revision++);
    return { id: `e${r}`, type, streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata, created: new Date(0) };
  };
  const line = (data: Record<string, unknown>, file = 'main') => at('TranscriptLine', data, { source: 'transcript', file });
  const user = (content: unknown, extra: Record<string, unknown> = {}, file = 'main') => line({ type: 'user', message: { role: 'user', content }, ...extra }, file);
  const assistant = (id: string, content: unknown[], extra: Record<string, unknown> = {}, file = 'main') =>
    line({ type: 'assistant', timestamp: '2026-01-01T10:00:05Z', message: { id, model: 'claude-opus-4-6', content }, ...extra }, file);
  const result = (toolUseId: string, content: unknown, isError = false, extra: Record<string, unknown> = {}, file = 'main') =>
    user([{ type: 'tool_result', tool_use_id: toolUseId, content, ...(isError ? { is_error: true } : {}) }], extra, file);
  return { at, line, user, assistant, result };
}

const fold = (events: RecordedEvent[], state: SessionTimeline = initialTimeline('s1')) => foldTimelineEvents(state, events);
const tools = (items: TimelineItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool');

describe('session timeline fold', () => {
  const s = stream();
  const events = [
    s.at('SessionStart', { session_id: 's1', hook_event_name: 'SessionStart' }, { observedAt: '2026-01-01T10:00:00Z' }),
    s.user('fix the test', { uuid: 'u1', timestamp: '2026-01-01T10:00:01Z' }),
    s.assistant('m1', [{ type: 'thinking', thinking: '' }]),
    s.assistant('m1', [{ type: 'text', text: 'Looking at it.' }]),
    s.assistant('m1', [{ type: 'text', text: 'Running the tests.' }]),
    s.assistant('m1', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test' } }]),
    s.result('t1', [{ type: 'text', text: '1 failed' }], true),
    s.assistant('m2', [{ type: 'tool_use', id: 't2', name: 'Read', input: { file_path: '/w/a.ts' } }]),
    s.user('<local-command-stdout>done</local-command-stdout>'),
    s.line({ type: 'mystery-line-type', whatever: 1 }),
    s.user([{ type: 'text', text: '[Request interrupted by user]' }]),
    s.result('t2', 'export const a = 1;'),
    s.user([{ type: 'text', text: 'now <b>commit</b>' }]),
    s.line({ type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted' }),
  ];
  const state = fold(events);

  it('lists prompts, merged assistant text, tool calls and notices in stream order', () => {
    expect(state.items.map((i) => i.kind)).toEqual(['prompt', 'text', 'tool', 'tool', 'notice', 'prompt', 'notice']);
    expect(state.items[0]).toEqual({ kind: 'prompt', at: '2026-01-01T10:00:01Z', text: 'fix the test', truncated: false });
    expect(state.items[5]).toMatchObject({ kind: 'prompt', text: 'now <b>commit</b>' });
    expect(state.items[4]).toMatchObject({ kind: 'notice', notice: 'interrupted' });
    expect(state.items[6]).toMatchObject({ kind: 'notice', notice: 'compaction' });
    expect(state.revision).toBe(events.length - 1);
  });

  it('merges the lines of one message.id into one text item', () => {
    const text = state.items[1] as AssistantTextItem;
    expect(text).toMatchObject({ kind: 'text', messageId: 'm1', model: 'claude-opus-4-6', text: 'Looking at it.\n\nRunning the tests.', truncated: false });
  });

  it('pairs each tool result with its call and flags errors', () => {
    const [bash, read] = tools(state.items);
    expect(bash).toMatchObject({ id: 't1', name: 'Bash', input: { command: 'npm test' }, result: { text: '1 failed', isError: true, truncated: false } });
    expect(read).toMatchObject({ id: 't2', result: { text: 'export const a = 1;', isError: false } });
  });

  it('gives the same state when the same events are delivered twice', () => {
    expect(fold(events, state)).toEqual(state);
    expect(fold([...events.slice(0, 6), ...events], initialTimeline('s1'))).toEqual(state);
    expect(fold(events.slice(4), fold(events.slice(0, 7)))).toEqual(state);
  });

  it('does not mutate the state it is given, and stays JSON', () => {
    const before = JSON.stringify(state);
    const s2 = stream();
    fold([...events.map((e) => ({ ...e, revision: e.revision + 100n })), s2.result('t1', 'changed')], state);
    expect(JSON.stringify(state)).toBe(before);
    expect(JSON.parse(before)).toEqual(state);
  });

  it('pairs a result that arrives before its call', () => {
    const t = stream();
    const out = fold([t.result('t9', 'early'), t.assistant('m9', [{ type: 'tool_use', id: 't9', name: 'Grep', input: { pattern: 'x' } }])]);
    expect(tools(out.items)[0]?.result?.text).toBe('early');
    expect(out.index.pendingResults).toEqual({});
  });

  it('caps long outputs and inputs, with a flag', () => {
    const t = stream();
    const out = fold([
      t.assistant('m1', [{ type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/w/big', content: 'x'.repeat(50_000) } }]),
      t.result('t1', 'y'.repeat(100_000)),
    ]);
    const call = tools(out.items)[0]!;
    expect(call.inputTruncated).toBe(true);
    expect(JSON.stringify(call.input).length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(call.input.file_path).toBe('/w/big');
    expect(call.result).toMatchObject({ truncated: true, fullLength: 100_000 });
    expect(call.result!.text.length).toBe(MAX_OUTPUT_CHARS);
  });

  it('nests a 2.x subagent file under its Task call, whether the file or the call comes first', () => {
    const t = stream();
    const file = 'subagents/agent-a1.jsonl';
    const sub = [
      t.user('Find the bug', { isSidechain: true, agentId: 'a1' }, file),
      t.assistant('s1', [{ type: 'tool_use', id: 'st1', name: 'Grep', input: { pattern: 'bug' } }], { isSidechain: true }, file),
      t.result('st1', 'a.ts:1', false, { isSidechain: true }, file),
      t.assistant('s2', [{ type: 'text', text: 'Found it.' }], { isSidechain: true }, file),
    ];
    const main = [
      t.assistant('m1', [{ type: 'tool_use', id: 'task1', name: 'Task', input: { prompt: 'Find the bug', subagent_type: 'Explore', description: 'find' } }]),
      t.result('task1', [{ type: 'text', text: 'Found it.' }], false, { toolUseResult: { status: 'completed', agentId: 'a1' } }),
    ];
    for (const order of [[...main, ...sub], [...sub, ...main]]) {
      const reordered = order.map((e, i) => ({ ...e, revision: BigInt(i) }));
      const out = fold(reordered);
      const task = tools(out.items)[0]!;
      expect(task).toMatchObject({ id: 'task1', subagentId: 'a1', result: { text: 'Found it.' } });
      const run = out.subagents.a1!;
      expect(run).toMatchObject({ agentId: 'a1', toolUseId: 'task1', prompt: 'Find the bug' });
      expect(run.items.map((i) => i.kind)).toEqual(['tool', 'text']);
      expect(tools(run.items)[0]?.result?.text).toBe('a.ts:1');
      expect(out.items.filter((i) => i.kind === 'prompt')).toEqual([]);
    }
  });

  it('lets a stated link (agent_progress, toolUseResult.agentId) override a match by prompt', () => {
    const t = stream();
    const task = (id: string) => t.assistant(`m-${id}`, [{ type: 'tool_use', id, name: 'Agent', input: { prompt: 'same' } }]);
    // Both runs come first and match the calls by their shared prompt in the wrong order.
    const out = fold([
      t.user('same', { isSidechain: true }, 'subagents/agent-b.jsonl'),
      t.user('same', { isSidechain: true }, 'subagents/agent-a.jsonl'),
      task('ta'),
      task('tb'),
      t.line({ type: 'progress', parentToolUseID: 'tb', data: { type: 'agent_progress', agentId: 'b' } }),
    ]);
    const [ta, tb] = tools(out.items);
    expect([ta?.subagentId, tb?.subagentId]).toEqual(['a', 'b']);
    expect([out.subagents.a?.toolUseId, out.subagents.b?.toolUseId]).toEqual(['ta', 'tb']);
  });

  it('nests 1.0.x inline sidechain lines under the Task call with their prompt', () => {
    const t = stream();
    const out = fold([
      t.assistant('m1', [{ type: 'tool_use', id: 'task1', name: 'Task', input: { prompt: 'List files' } }]),
      t.user('List files', { isSidechain: true, uuid: 'r1', parentUuid: null }),
      t.assistant('s1', [{ type: 'tool_use', id: 'st1', name: 'LS', input: {} }], { isSidechain: true, uuid: 'r2', parentUuid: 'r1' }),
      t.result('st1', 'a b', false, { isSidechain: true, uuid: 'r3', parentUuid: 'r2' }),
      t.result('task1', 'a b'),
    ]);
    expect(tools(out.items).map((c) => [c.id, c.subagentId])).toEqual([['task1', 'sidechain-r1']]);
    expect(out.subagents['sidechain-r1']).toMatchObject({ toolUseId: 'task1', prompt: 'List files' });
    expect(tools(out.subagents['sidechain-r1']!.items)[0]).toMatchObject({ id: 'st1', result: { text: 'a b' } });
  });

  it('keeps going on odd lines: string content, no uuid or timestamp, no message, other sessionIds', () => {
    const t = stream();
    const out = fold([
      t.line({ type: 'user' }),
      t.line({ type: 'assistant', message: 'not an object' }),
      t.line({ type: 'assistant', sessionId: 'other', message: { id: 'm', content: 'plain string answer' } }),
      t.line({ type: 'summary', summary: 'x' }),
      t.at('StatusLine', { model: {} }),
    ]);
    expect(out.items).toEqual([{ kind: 'text', at: null, messageId: 'm', model: null, text: 'plain string answer', truncated: false }]);
    expect(out.revision).toBe(4);
  });
});
