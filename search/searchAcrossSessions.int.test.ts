/**
 * Search through the real pipeline: sessions posted to the ingest, folded by the projection runner into the
 * SQLite FTS5 index, found by `GET /v1/search` at the turn the session page numbers, printed by
 * `kap search`, and found the same after `kap projections rebuild` recomputed the index from the streams.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { runKapCli } from '../test/support/kapCli.js';
import { postSearchWorld, ZANZIBAR_WORD } from '../test/support/searchWorld.js';
import { createSqliteSearchIndex } from '../stores/sqliteSearchIndex.js';
import { parseSearchQuery } from './searchQuery.js';
import type { SessionHit } from './searchSessions.js';
import { MARK_END, MARK_START } from './searchTokens.js';

type Answer = { hits: Array<SessionHit & { url: string | null }>; more: boolean; sessions: number };

describe('search across sessions, through the pipeline', () => {
  let kap: KapUnderTest;
  let ids: { ledger: string; payments: string };
  let closed = false;

  beforeAll(async () => {
    kap = await startKapForTest();
    ids = await postSearchWorld(kap);
  }, 60_000);
  afterAll(async () => {
    if (!closed) await kap.close();
  });

  it('finds a word at the turn the session page numbers, with a deep link, the session title and repo', async () => {
    const { status, body } = await kap.get<Answer>(`/v1/search?q=${ZANZIBAR_WORD}`);
    expect(status).toBe(200);
    const byKind = new Map(body.hits.map((h) => [h.kind, h]));
    expect([...byKind.keys()].sort()).toEqual(['prompt', 'tool_input']);
    const prompt = byKind.get('prompt')!;
    expect(prompt).toMatchObject({ sessionId: ids.ledger, turn: 2, anchor: 'turn-2', repo: 'acme/ledger', title: expect.stringContaining('half-even') });
    expect(prompt.snippet).toContain(`${MARK_START}${ZANZIBAR_WORD}${MARK_END}`);
    expect(prompt.url).toMatch(new RegExp(`/s/${ids.ledger}(\\?[^#]*)?#turn-2$`));
    expect(byKind.get('tool_input')).toMatchObject({ turn: 2, anchor: 'tool-toolu_grep', toolName: 'Bash' });
    expect(body.sessions).toBe(2);
  });

  it('applies phrases, prefixes, kind, tool and session filters', async () => {
    const keys = async (q: string) => (await kap.get<Answer>(`/v1/search?q=${encodeURIComponent(q)}`)).body.hits.map((h) => `${h.sessionId === ids.ledger ? 'ledger' : 'payments'}#${h.anchor}:${h.kind}`);
    expect(await keys('"src/ledger/round.ts"')).toEqual(expect.arrayContaining(['ledger#turn-2:prompt', 'ledger#tool-toolu_grep:tool_output']));
    expect(await keys('refund* repo:acme/payments-api kind:prompt')).toEqual(['payments#turn-1:prompt']);
    expect(await keys(`${ZANZIBAR_WORD} repo:acme/payments-api`)).toEqual([]);
    expect(await keys('half tool:bash repo:acme/ledger')).toEqual(['ledger#tool-toolu_grep:tool_output']);
    expect(await keys(`round* session:${ids.payments.slice(0, 8)} kind:assistant`)).toEqual(['payments#turn-1:assistant']);
    expect(await keys('half-even user:ravi')).toHaveLength(2);
    expect(await keys('half-even user:dana')).toEqual([]);
  });

  it('answers a bad query with 400 and its code', async () => {
    const { status, body } = await kap.get<{ error: { code: string } }>(`/v1/search?q=${encodeURIComponent('tol:Bash')}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('UNKNOWN_FILTER');
    expect((await kap.get<{ error: { code: string } }>('/v1/search')).body.error.code).toBe('EMPTY_QUERY');
  });

  it('prints hits with `kap search`, and JSON with --json', async () => {
    const env = { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir };
    const text = await runKapCli(['search', ZANZIBAR_WORD, 'kind:prompt'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${ids.ledger}  turn 2  prompt  acme/ledger`);
    expect(text.stdout).toContain(`#turn-2`);
    expect(text.stdout).not.toMatch(/[\uE000\uE001\u001b]/);
    const json = await runKapCli(['search', '--json', '--limit', '1', 'ledger'], env);
    const answer = JSON.parse(json.stdout) as Answer;
    expect(answer.hits).toHaveLength(1);
    expect(answer.more).toBe(true);
    const bad = await runKapCli(['search', '"unclosed'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('quote');
  }, 60_000);

  it('`kap projections rebuild` recomputes the index from the streams', async () => {
    await kap.close();
    closed = true;
    const rebuilt = await runKapCli(['projections', 'rebuild'], { KAP_DATA_DIR: kap.config.dataDir });
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt search-docs: 2 sessions/);
    const index = createSqliteSearchIndex({ path: join(kap.config.dataDir, 'readmodels.db') });
    try {
      const parsed = parseSearchQuery(ZANZIBAR_WORD);
      if (!parsed.ok) throw new Error(parsed.message);
      const hits = (await index.search(parsed.query)).hits;
      expect(hits.map((h) => [h.sessionId, h.kind, h.anchor]).sort()).toEqual([
        [ids.ledger, 'prompt', 'turn-2'],
        [ids.ledger, 'tool_input', 'tool-toolu_grep'],
      ]);
      expect(await index.get(ids.ledger)).toMatchObject({ turn: 3, docs: [] });
    } finally {
      await index.close();
    }
  }, 60_000);
});
