import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { applyEdits, fileHistoriesOf, relativeToRoot } from './sessionFileHistory.js';
import { foldTimelineEvents, initialTimeline, MAX_INPUT_CHARS } from './sessionTimeline.js';

let revision = 0;
const line = (data: Record<string, unknown>, file = 'main'): RecordedEvent => {
  const r = BigInt(revision++);
  return { id: `e${r}`, type: 'TranscriptLine', streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata: { file }, created: new Date(0) };
};
const call = (id: string, name: string, input: Record<string, unknown>, file = 'main') =>
  line({ type: 'assistant', timestamp: '2026-01-01T10:00:00Z', message: { id: `m-${id}`, model: 'claude-opus-4-6', content: [{ type: 'tool_use', id, name, input }] } }, file);
const result = (id: string, isError = false, file = 'main') => line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: id, content: isError ? 'String to replace not found' : 'ok', is_error: isError }] } }, file);
const prompt = (text: string) => line({ type: 'user', message: { role: 'user', content: text } });

describe('file history', () => {
  const A = '/w/app/src/a.ts';
  const B = '/w/app/src/b.ts';
  const timeline = foldTimelineEvents(initialTimeline('s1'), [
    prompt('write a'),
    call('w1', 'Write', { file_path: A, content: 'one\ntwo\nthree\n' }),
    result('w1'),
    call('e1', 'Edit', { file_path: A, old_string: 'two', new_string: 'TWO' }),
    result('e1'),
    prompt('more'),
    call('e2', 'Edit', { file_path: A, old_string: 'absent', new_string: 'x' }),
    result('e2', true),
    call('m1', 'MultiEdit', { file_path: A, edits: [{ old_string: 'one', new_string: '1' }, { old_string: 'e', new_string: 'E', replace_all: true }] }),
    result('m1'),
    call('e3', 'Edit', { file_path: B, old_string: 'foo', new_string: 'bar' }),
    result('e3'),
    call('w2', 'Write', { file_path: B, content: 'x'.repeat(MAX_INPUT_CHARS + 10) }),
    result('w2'),
  ]);
  const histories = fileHistoriesOf(timeline);

  it('lists files in the order first changed, each change in order with its turn and status', () => {
    expect([...histories.keys()]).toEqual([A, B]);
    const a = histories.get(A)!.changes;
    expect(a.map((c) => [c.toolUseId, c.turn, c.status])).toEqual([['w1', 1, 'applied'], ['e1', 1, 'applied'], ['e2', 2, 'failed'], ['m1', 2, 'applied']]);
  });

  it('knows the file after a Write, and after edits applied to a known content; a failed edit changes nothing', () => {
    const [w1, e1, e2, m1] = histories.get(A)!.changes;
    expect(w1!.before).toBeNull();
    expect(w1!.after).toBe('one\ntwo\nthree\n');
    expect(e1!.after).toBe('one\nTWO\nthree\n');
    expect(e2!.after).toBe(e1!.after);
    expect(m1!.before).toBe('one\nTWO\nthree\n');
    expect(m1!.after).toBe('1\nTWO\nthrEE\n');
  });

  it('says why it does not know: no earlier Write, or an input the timeline shortened', () => {
    const [e3, w2] = histories.get(B)!.changes;
    expect(e3!.after).toBeNull();
    expect(e3!.unknownBecause).toContain('no earlier Write');
    expect(e3!.edits).toEqual([{ old: 'foo', new: 'bar', replaceAll: false }]);
    expect(w2!.after).toBeNull();
    expect(w2!.unknownBecause).toContain('shortened');
  });

  it('applies edits as Claude Code does: the first match, or all with replace_all; undefined when the text is not there', () => {
    expect(applyEdits('a a a', [{ old: 'a', new: '$&b', replaceAll: false }])).toBe('$&b a a');
    expect(applyEdits('a a a', [{ old: 'a', new: 'b', replaceAll: true }])).toBe('b b b');
    expect(applyEdits('abc', [{ old: 'x', new: 'y', replaceAll: false }])).toBeUndefined();
    expect(applyEdits(null, [{ old: '', new: 'new file', replaceAll: false }])).toBe('new file');
  });

  it('gives paths relative to the repository root, or as recorded outside it', () => {
    expect(relativeToRoot('/w/app/src/a.ts', '/w/app')).toBe('src/a.ts');
    expect(relativeToRoot('/w/app/src/a.ts', '/w/app/')).toBe('src/a.ts');
    expect(relativeToRoot('/w/application/a.ts', '/w/app')).toBe('/w/application/a.ts');
    expect(relativeToRoot('/etc/hosts', null)).toBe('/etc/hosts');
  });
});
