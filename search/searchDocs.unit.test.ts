import { describe, expect, it } from 'vitest';
import { foldSearchDocs, initialSearchState, MAX_DOC_CHARS } from './searchDocs.js';
import { assistantLine, toolResultLine, toolUseLine, transcriptEvents, userLine } from '../stores/searchIndex.contract.js';

describe('the search documents fold', () => {
  const lines = [
    { type: 'system', subtype: 'init' },
    assistantLine('before any prompt'),
    userLine('first prompt'),
    toolUseLine('t1', 'Task', { prompt: 'look around', description: 'explore' }),
    userLine('<local-command-stdout>not typed</local-command-stdout>'),
    toolResultLine('t1', 'explored'),
    { type: 'user', isMeta: true, message: { role: 'user', content: 'meta, not a prompt' } },
    userLine('second prompt'),
    assistantLine('x'.repeat(MAX_DOC_CHARS + 10)),
  ];

  it('numbers turns as the page does: main-thread prompts typed by a person; 0 before the first', () => {
    const state = foldSearchDocs(initialSearchState('s'), transcriptEvents('s', lines));
    expect(state.turn).toBe(2);
    expect(state.revision).toBe(lines.length - 1);
    expect(state.docs.map((d) => [d.kind, d.turn, d.anchor])).toEqual([
      ['assistant', 0, 'turn-0'],
      ['prompt', 1, 'turn-1'],
      ['tool_input', 1, 'tool-t1'],
      ['tool_output', 1, 'tool-t1'],
      ['prompt', 2, 'turn-2'],
      ['assistant', 2, 'turn-2'],
    ]);
    expect(state.docs[2]).toMatchObject({ key: 'tool-in:t1', toolName: 'Task', toolUseId: 't1', text: 'Task\nlook around\nexplore' });
    expect(state.docs[3]).toMatchObject({ key: 'tool-out:t1', toolName: null, toolUseId: 't1', text: 'explored' });
    expect(state.docs[5]?.text).toHaveLength(MAX_DOC_CHARS);
  });

  it('counts no turn for subagent lines; their prompts are documents of the current turn', () => {
    const main = transcriptEvents('s', [userLine('main prompt')]);
    const sub = transcriptEvents('s', [userLine('subagent prompt'), assistantLine('subagent says')], 'subagents/agent-a1.jsonl').map((e, i) => ({ ...e, revision: BigInt(i + 1) }));
    const state = foldSearchDocs(initialSearchState('s'), [...main, ...sub]);
    expect(state.turn).toBe(1);
    expect(state.docs.map((d) => [d.kind, d.turn, d.text])).toEqual([
      ['prompt', 1, 'main prompt'],
      ['prompt', 1, 'subagent prompt'],
      ['assistant', 1, 'subagent says'],
    ]);
  });

  it('folds a replayed batch to the same state (delivery is at least once), and one event at a time alike', () => {
    const events = transcriptEvents('s', lines);
    const once = foldSearchDocs(initialSearchState('s'), events);
    expect(foldSearchDocs(once, events)).toEqual(once);
    const stepwise = events.reduce((state, event) => foldSearchDocs(state, [event]), initialSearchState('s'));
    expect(stepwise).toEqual(once);
  });
});
