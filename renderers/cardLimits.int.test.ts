/**
 * Every session of the real corpus, imported into a throwaway Kap through `kap import`'s path
 * (test/support/importCorpus.ts) and summarised by its projection, gives a card within Slack's Block Kit
 * limits, with the figures of its summary on it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { Block, SectionBlock } from './blockKit.js';
import { formatCount, formatUsd } from './format.js';
import { buildNotFoundCard } from './notFoundCard.js';
import { buildSessionCard } from './sessionCardBlocks.js';
import { checkBlocks } from './slackLimits.js';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const cardFor = (s: SessionSummary) =>
  buildSessionCard(s, { sessionUrl: `https://kap.example.com/sessions/${s.sessionId}`, imageUrl: `https://kap.example.com/sessions/${s.sessionId}/card.png`, now: NOW });
const fields = (blocks: Block[]) => (blocks.find((b) => b.block_id === 'kap_card_figures') as SectionBlock).fields!.map((f) => f.text);

describe('cards for every corpus session', () => {
  let summaries: SessionSummary[];

  beforeAll(async () => {
    const kap = await startKapForTest();
    try {
      const report = await importCorpus(kap, ['.']);
      summaries = await Promise.all(report.sessions.map(async (id) => (await kap.summary(id))!));
    } finally {
      await kap.close();
    }
  }, 120_000);

  it('covers the corpus: its sessions, with and without tokens, tools and files', () => {
    expect(summaries.length).toBeGreaterThanOrEqual(9);
    expect(summaries.some((s) => Object.keys(s.tokens).length > 1)).toBe(true);
    expect(summaries.some((s) => s.filesChanged.length > 5)).toBe(true);
    expect(summaries.some((s) => Object.keys(s.tools).length === 0)).toBe(true);
  });

  it('gives each a card within Slack’s limits', () => {
    const problems = summaries.flatMap((s) => checkBlocks(cardFor(s).blocks).map((p) => `${s.sessionId}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('puts each summary’s figures on its card', () => {
    for (const s of summaries) {
      const { blocks, text } = cardFor(s);
      expect(fields(blocks).slice(0, 3), s.sessionId).toEqual([`*Prompts*\n${formatCount(s.prompts)}`, `*Turns*\n${formatCount(s.turns)}`, `*Cost*\n${formatUsd(s.costUsd)}`]);
      expect(blocks.some((b) => b.block_id === 'kap_card_tokens'), s.sessionId).toBe(Object.keys(s.tokens).length > 0);
      expect(blocks.some((b) => b.block_id === 'kap_card_files'), s.sessionId).toBe(s.filesChanged.length > 0);
      expect(blocks.at(-1), s.sessionId).toMatchObject({ type: 'actions', elements: [{ url: `https://kap.example.com/sessions/${s.sessionId}` }, { value: s.sessionId }, { value: s.sessionId }, { value: s.sessionId }] });
      expect(text.length, s.sessionId).toBeGreaterThan(0);
    }
  });

  it('shows the long spotter session with its three models, branch and failures', () => {
    const s = summaries.find((x) => x.sessionId === 'ae4a77f8-aedd-4bc1-888f-c94edc91af04')!;
    const { blocks } = cardFor(s);
    const text = JSON.stringify(blocks);
    expect(text).toContain('on `spotter-4te`');
    expect(text).toContain('*Haiku 4.5*');
    expect(text).toContain('*Opus 4.6*');
    expect(text).toContain('*Sonnet 4.5*');
    expect(text).toContain(`:warning: ${s.toolErrors} tool calls failed`);
  });

  it('gives a not-found card within limits for every corpus id', () => {
    for (const s of summaries) expect(checkBlocks(buildNotFoundCard(s.sessionId).blocks), s.sessionId).toEqual([]);
  });
});
