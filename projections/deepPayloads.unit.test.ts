/**
 * Recursion over payloads is bounded: a tool input and a tool result nested 10,000 levels deep (the ingest
 * stores such a line: JSON.parse is not recursive) fold without overflowing the stack, the timeline keeps a
 * bounded rendering of the input, and both states serialise.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { MAX_JSON_DEPTH } from './boundedJson.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import { foldTimelineEvents, initialTimeline, MAX_INPUT_CHARS } from './sessionTimeline.js';
import type { ToolCallItem } from './sessionTimeline.js';

const DEPTH = 10_000;
const deep = (leaf: unknown): unknown => JSON.parse(`${'{"a":'.repeat(DEPTH)}${JSON.stringify(leaf)}${'}'.repeat(DEPTH)}`);
const deepArray = (): unknown => JSON.parse(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`);

let revision = 0;
function event(type: string, data: Record<string, unknown>, metadata: Record<string, unknown>): RecordedEvent {
  const r = BigInt(revision++);
  return { id: `e${r}`, type, streamName: 'session-d', revision: r, position: { commit: r, prepare: r }, data, metadata, created: new Date(0) };
}
const line = (data: Record<string, unknown>) => event('TranscriptLine', { sessionId: 'd', timestamp: '2026-02-10T21:11:52.438Z', ...data }, { source: 'transcript', file: 'main' });

const events = [
  line({ type: 'assistant', uuid: 'a1', message: { id: 'm1', model: 'claude-opus-4-6', role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/w/a.ts', old_string: deep('x'), new_string: deepArray() } }], usage: { input_tokens: 1, output_tokens: 1 } } }),
  line({ type: 'user', uuid: 'u1', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }, deep('y')] }] }, toolUseResult: deep({ agentId: 'nope' }) }),
  event('PermissionRequest', { session_id: 'd', hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: deep('rm') }, { source: 'hook', observedAt: '2026-02-10T21:11:53.000Z' }),
  event('PostToolUse', { session_id: 'd', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: deep('rm') }, { source: 'hook', observedAt: '2026-02-10T21:11:54.000Z' }),
];

describe('payloads nested 10,000 levels deep', () => {
  it('the summary folds them (file_path found; a permission wait on a deep input ends on its own call)', () => {
    const state = foldSessionEvents(initialSessionState('d'), events);
    expect(state.summary.filesChanged).toEqual(['/w/a.ts']);
    expect(state.summary.tools).toEqual({ Edit: 1 });
    expect(state.summary.status).toBe('running');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('the timeline keeps a bounded rendering of the input and pairs the result', () => {
    const timeline = foldTimelineEvents(initialTimeline('d'), events);
    const call = timeline.items[0] as ToolCallItem;
    expect(call.inputTruncated).toBe(true);
    expect(call.input.file_path).toBe('/w/a.ts');
    expect(JSON.stringify(call.input).length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(JSON.stringify(call.input)).toContain(`[nested deeper than ${MAX_JSON_DEPTH} levels]`);
    expect(call.result?.text).toBe('ok');
    expect(JSON.parse(JSON.stringify(timeline))).toEqual(timeline);
  });
});
