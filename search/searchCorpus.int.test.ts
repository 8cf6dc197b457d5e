/**
 * The search documents of every real session in the corpus (../shared/corpus, as `kap import` stores them):
 * turns numbered exactly as the session page numbers them (the timeline's main-thread prompts), every tool
 * document anchored on a call the page shows, each prompt found again by a phrase of its words at its turn,
 * and folding event by event (what foldIsolated.ts does after a throw) giving the same documents.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { createPostgresSearchIndex } from '../stores/postgresSearchIndex.js';
import { createSqliteSearchIndex } from '../stores/sqliteSearchIndex.js';
import { corpusStreams } from '../test/support/corpusStreams.js';
import { foldSearchDocs, initialSearchState } from './searchDocs.js';
import type { SearchFoldState } from './searchDocs.js';
import { parseSearchQuery } from './searchQuery.js';
import { tokensOf } from './searchTokens.js';

describe('search documents of the corpus', () => {
  let streams: Map<string, RecordedEvent[]>;
  const folded = new Map<string, SearchFoldState>();

  beforeAll(async () => {
    streams = await corpusStreams(['.']);
    for (const [id, events] of streams) folded.set(id, foldSearchDocs(initialSearchState(id), events));
  }, 120_000);

  it('numbers turns as the page does and anchors tool documents on calls the page shows', () => {
    let checked = 0;
    for (const [id, events] of streams) {
      const timeline = foldTimelineEvents(initialTimeline(id), events);
      const prompts = timeline.items.filter((i) => i.kind === 'prompt');
      const state = folded.get(id)!;
      expect(state.turn, id).toBe(prompts.length);
      const mainPrompts = state.docs.filter((d) => d.kind === 'prompt' && d.anchor === `turn-${d.turn}` && d.turn > 0);
      for (const [n, prompt] of prompts.entries()) {
        const doc = mainPrompts.find((d) => d.turn === n + 1 && d.text.slice(0, 200) === prompt.text.slice(0, 200));
        expect(doc, `${id} turn ${n + 1}`).toBeDefined();
      }
      for (const doc of state.docs.filter((d) => d.toolUseId !== null && d.kind === 'tool_input')) {
        expect(Object.hasOwn(timeline.index.tools, doc.toolUseId!), `${id} ${doc.key}`).toBe(true);
      }
      checked += prompts.length;
    }
    expect(streams.size).toBeGreaterThan(5);
    expect(checked).toBeGreaterThan(20);
  });

  it('folds event by event to the same documents', () => {
    const [id, events] = [...streams].sort((a, b) => b[1].length - a[1].length)[0]!;
    const stepwise = events.reduce((state, event) => foldSearchDocs(state, [event]), initialSearchState(id));
    expect(stepwise).toEqual(folded.get(id));
  });

  it('finds each prompt of the session with the most turns by a phrase of its words, at its turn', async () => {
    const index = createSqliteSearchIndex({ path: ':memory:' });
    try {
      await index.commit([...folded.values()].map((s) => structuredClone(s)), { name: 'search-docs', position: { commit: 1n, prepare: 1n } });
      const [id] = [...folded].sort((a, b) => b[1].turn - a[1].turn)[0]!;
      const prompts = folded.get(id)!.docs.filter((d) => d.kind === 'prompt' && d.toolUseId === null && d.anchor === `turn-${d.turn}`);
      let found = 0;
      for (const doc of prompts.filter((d) => d.turn > 0)) {
        const tokens = tokensOf(doc.text).slice(0, 4);
        if (tokens.length < 2) continue;
        const page = await index.search({ text: [{ tokens, prefix: false }], kinds: ['prompt'], tools: [] }, { sessionIds: [id], limit: 200 });
        expect(page.hits.some((h) => h.anchor === `turn-${doc.turn}`), `${id} turn ${doc.turn}: ${tokens.join(' ')}`).toBe(true);
        found += 1;
      }
      expect(found).toBeGreaterThan(3);
    } finally {
      await index.close();
    }
  });

  it('is answered alike by SQLite FTS5 and PostgreSQL (the same documents for each query)', async () => {
    const url = process.env.KAP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `kap_search_test_${randomUUID().replace(/-/g, '')}`;
    const sqlite = createSqliteSearchIndex({ path: ':memory:' });
    const postgres = await createPostgresSearchIndex({ url, schema });
    try {
      const checkpoint = { name: 'search-docs', position: { commit: 1n, prepare: 1n } };
      await sqlite.commit([...folded.values()].map((s) => structuredClone(s)), checkpoint);
      await postgres.commit([...folded.values()].map((s) => structuredClone(s)), checkpoint);
      for (const q of ['test', 'src/app.ts', '"git status"', 'read* kind:tool', 'tool:Bash npm', 'error kind:assistant', 'subagent*', 'todo*', '"the file"', 'json']) {
        const parsed = parseSearchQuery(q);
        if (!parsed.ok) throw new Error(parsed.message);
        // Every page: the rankings differ (bm25, ts_rank), the documents found must not.
        const keys = async (index: typeof sqlite) => {
          const out: string[] = [];
          for (let offset = 0; ; offset += 200) {
            const page = await index.search(parsed.query, { limit: 200, offset });
            out.push(...page.hits.map((h) => `${h.sessionId} ${h.anchor} ${h.kind} ${h.snippet}`));
            if (!page.more) return out.sort();
          }
        };
        const [a, b] = [await keys(sqlite), await keys(postgres)];
        expect(b, q).toEqual(a);
      }
    } finally {
      await sqlite.close();
      await postgres.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }, 120_000);
});
