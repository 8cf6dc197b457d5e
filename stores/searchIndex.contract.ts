/**
 * The search index contract suite: every adapter runs these tests (SQLite FTS5; PostgreSQL, for real, on
 * 127.0.0.1:5432 or KAP_TEST_POSTGRES_URL). The documents come from the real fold (search/searchDocs.ts) of
 * transcript lines, so the suite also holds the adapters to what the fold makes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import type { JsonObject, RecordedEvent } from './eventStore.js';
import { foldSearchDocs, initialSearchState } from '../search/searchDocs.js';
import type { SearchFoldState } from '../search/searchDocs.js';
import type { IndexQuery, SearchIndex } from '../search/searchIndex.js';
import { parseSearchQuery } from '../search/searchQuery.js';
import { MARK_END, MARK_START } from '../search/searchTokens.js';

const CHECKPOINT = 'search-test';

/** Transcript-line events of one session, revisions from 0. */
export function transcriptEvents(sessionId: string, lines: JsonObject[], file = 'main'): RecordedEvent[] {
  return lines.map((data, i) => ({
    id: randomUUID(),
    type: TRANSCRIPT_LINE,
    streamName: `session-${sessionId}`,
    revision: BigInt(i),
    position: { commit: BigInt(i), prepare: BigInt(i) },
    data,
    metadata: { file },
    created: new Date('2026-01-01T00:00:00Z'),
  }));
}

export const userLine = (text: string, at = '2026-01-01T10:00:00.000Z'): JsonObject => ({ type: 'user', timestamp: at, message: { role: 'user', content: text } });
export const assistantLine = (text: string, at = '2026-01-01T10:00:01.000Z'): JsonObject => ({
  type: 'assistant',
  timestamp: at,
  message: { id: `msg-${randomUUID()}`, role: 'assistant', model: 'claude-x', content: [{ type: 'text', text }] },
});
export const toolUseLine = (id: string, name: string, input: JsonObject, at = '2026-01-01T10:00:02.000Z'): JsonObject => ({
  type: 'assistant',
  timestamp: at,
  message: { id: `msg-${randomUUID()}`, role: 'assistant', model: 'claude-x', content: [{ type: 'tool_use', id, name, input }] },
});
export const toolResultLine = (id: string, text: string, at = '2026-01-01T10:00:03.000Z'): JsonObject => ({
  type: 'user',
  timestamp: at,
  message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: text }] },
});

const q = (text: string): IndexQuery => {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
};

export function describeSearchIndexContract(name: string, open: () => Promise<SearchIndex>, close: (index: SearchIndex) => Promise<void> = (i) => i.close()): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    let position = 0n;
    const commit = async (states: SearchFoldState[]) => {
      position += 1n;
      await index.commit(states, { name: CHECKPOINT, position: { commit: position, prepare: position } });
    };
    const fold = (sessionId: string, lines: JsonObject[], file?: string) => foldSearchDocs(initialSearchState(sessionId), transcriptEvents(sessionId, lines, file));
    const keys = async (text: string, options = {}) => (await index.search(q(text), options)).hits.map((h) => `${h.sessionId}#${h.anchor}:${h.kind}`);

    beforeAll(async () => {
      index = await open();
      await index.reset(CHECKPOINT);
      await commit([
        fold('alpha', [
          userLine('Set up the widget factory in src/app.ts'),
          assistantLine('I will refactor the widget factory now.'),
          toolUseLine('toolu_1', 'Bash', { command: 'npm run build --workspace foo_bar' }),
          toolResultLine('toolu_1', 'Build finished: 3 warnings about frobnicate'),
          userLine('now fix the gizmo'),
          toolResultLine('toolu_2', 'late result of an Edit: gizmo.ts written'),
          toolUseLine('toolu_2', 'Edit', { file_path: '/repo/gizmo.ts', old_string: 'a', new_string: 'b' }),
        ]),
        fold('beta', [userLine('widget widget widget everywhere, the widget is here'), assistantLine('Unrelated answer about __proto__ and "quotes" * OR NEAR(x) -- ; DROP TABLE')]),
        fold('gamma', [userLine('a lonely widget')]),
      ]);
    });
    afterAll(async () => {
      await index.reset(CHECKPOINT);
      await close(index);
    });

    it('finds terms (AND), at the page turn and anchor of each document', async () => {
      expect(await keys('widget factory')).toEqual(expect.arrayContaining(['alpha#turn-1:prompt', 'alpha#turn-1:assistant']));
      expect(await keys('widget factory')).toHaveLength(2);
      expect(await keys('frobnicate')).toEqual(['alpha#tool-toolu_1:tool_output']);
      expect(await keys('gizmo now')).toEqual(['alpha#turn-2:prompt']);
      const hit = (await index.search(q('frobnicate'))).hits[0]!;
      expect(hit.turn).toBe(1);
      expect(hit.toolName).toBe('Bash');
      expect(hit.at).toBe('2026-01-01T10:00:03.000Z');
      expect(await keys('nothingmatchesthis')).toEqual([]);
    });

    it('ranks the document with more matches first', async () => {
      const hits = (await index.search(q('widget'))).hits;
      expect(hits[0]?.sessionId).toBe('beta');
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    });

    it('matches phrases in order only, and words with separators as phrases', async () => {
      expect(await keys('"widget factory"')).toHaveLength(2);
      expect(await keys('"factory widget"')).toEqual([]);
      expect(await keys('src/app.ts')).toEqual(['alpha#turn-1:prompt']);
      expect(await keys('app.ts src')).toEqual(['alpha#turn-1:prompt']);
      expect(await keys('foo_bar')).toEqual(['alpha#tool-toolu_1:tool_input']);
      expect(await keys('"bar foo"')).toEqual([]);
    });

    it('matches prefixes, alone and at the end of a phrase', async () => {
      expect(await keys('frobni*')).toEqual(['alpha#tool-toolu_1:tool_output']);
      expect(await keys('"widget fac"*')).toHaveLength(2);
      expect(await keys('"widget fac"')).toEqual([]);
    });

    it('filters by kind and tool (the tool of a result that came before its call too)', async () => {
      expect(await keys('widget kind:prompt')).toHaveLength(3);
      expect(await keys('widget kind:assistant')).toEqual(['alpha#turn-1:assistant']);
      expect((await keys('gizmo kind:tool')).sort()).toEqual(['alpha#tool-toolu_2:tool_input', 'alpha#tool-toolu_2:tool_output']);
      expect(await keys('gizmo tool:edit kind:tool')).toHaveLength(2);
      expect(await keys('gizmo tool:Bash')).toEqual([]);
      expect((await keys('tool:Bash')).sort()).toEqual(['alpha#tool-toolu_1:tool_input', 'alpha#tool-toolu_1:tool_output']);
    });

    it('searches only the sessions allowed, and none when the allowlist is empty', async () => {
      expect(await keys('widget', { sessionIds: ['gamma', 'nope'] })).toEqual(['gamma#turn-1:prompt']);
      expect(await keys('widget', { sessionIds: [] })).toEqual([]);
    });

    it('pages through hits without repeats, saying when more exist', async () => {
      const first = await index.search(q('widget'), { limit: 2 });
      const second = await index.search(q('widget'), { limit: 2, offset: 2 });
      expect(first.hits).toHaveLength(2);
      expect(first.more).toBe(true);
      expect(second.hits).toHaveLength(2);
      expect(second.more).toBe(false);
      const all = [...first.hits, ...second.hits].map((h) => `${h.sessionId}#${h.anchor}:${h.kind}`);
      expect(new Set(all).size).toBe(4);
    });

    it('marks the matches in snippets', async () => {
      const hit = (await index.search(q('"widget factory"'), { sessionIds: ['alpha'] })).hits.find((h) => h.kind === 'prompt')!;
      expect(hit.snippet).toBe(`Set up the ${MARK_START}widget${MARK_END} ${MARK_START}factory${MARK_END} in src/app.ts`);
      const prefixed = (await index.search(q('frob*'))).hits[0]!;
      expect(prefixed.snippet).toContain(`${MARK_START}frobnicate${MARK_END}`);
    });

    it('takes hostile strings as text: no syntax, no injection, no prototype keys', async () => {
      for (const text of ['__proto__', '"__proto__"', 'constructor', '"quotes"', 'NEAR(x)', 'OR', "'; DROP TABLE search_docs; --", '\\', 'x:*', '"a" * "b"']) {
        const parsed = parseSearchQuery(text);
        if (!parsed.ok) continue;
        await expect(index.search(parsed.query)).resolves.toBeDefined();
      }
      expect(await keys('__proto__')).toEqual(['beta#turn-1:assistant']);
      expect(await keys('"drop table"')).toEqual(['beta#turn-1:assistant']);
      expect(await keys('widget', { sessionIds: ['__proto__', "'); --"] })).toEqual([]);
      const nasty = fold("__proto__", [userLine('prototype pollution attempt'), toolUseLine("t'1", "__proto__", { constructor: 'hasOwnProperty' })]);
      await commit([nasty]);
      expect(await keys('pollution')).toEqual(['__proto__#turn-1:prompt']);
      expect(await keys('hasownproperty tool:__proto__')).toEqual(["__proto__#tool-t'1:tool_input"]);
      expect((await index.get('__proto__'))?.turn).toBe(1);
    });

    it('keeps bookkeeping, not documents, as the state; a recommit of the same documents changes nothing', async () => {
      const state = fold('delta', [userLine('idempotent zebra'), assistantLine('zebra again')]);
      const again = structuredClone(state);
      await commit([state]);
      expect(state.docs).toEqual([]);
      expect(await index.get('delta')).toEqual({ sessionId: 'delta', revision: 1, turn: 1, docs: [] });
      await commit([again]);
      expect(await keys('zebra')).toHaveLength(2);
      expect(await index.checkpoint(CHECKPOINT)).toEqual({ commit: position, prepare: position });
    });

    it('forgets documents, states and the checkpoint on reset', async () => {
      await index.reset(CHECKPOINT);
      expect(await keys('widget')).toEqual([]);
      expect(await index.get('alpha')).toBeUndefined();
      expect(await index.checkpoint(CHECKPOINT)).toBeUndefined();
      await commit([fold('epsilon', [userLine('after the reset')])]);
      expect(await keys('reset')).toEqual(['epsilon#turn-1:prompt']);
    });
  });
}
