import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { costOf, costOfTokens, priceFor, PRICES_READ_ON, PRICES_SOURCE } from './modelPricing.js';
import { initialSessionState, sessionSummaryProjection } from './sessionSummary.js';
import { formatCost, formatModelCost, unpricedModelsOf } from '../renderers/format.js';

const MTOK = { input: 1e6, output: 0, cacheRead: 0, cacheWrite: 0 };

describe('the price table', () => {
  it('names its source and the date it was read', () => {
    expect(PRICES_SOURCE).toBe('https://docs.anthropic.com/en/docs/about-claude/pricing');
    expect(PRICES_READ_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prices claude-opus-4-8 (Claude Code 2.1.197) at $5 / $25, not the old $15 / $75 Opus price', () => {
    expect(priceFor('claude-opus-4-8')).toEqual({ input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 });
    expect(costOf('claude-opus-4-8', { input: 1e6, output: 1e6, cacheRead: 1e6, cacheWrite: 1e6 })).toBeCloseTo(5 + 25 + 0.5 + 6.25);
  });

  it('keeps the old Opus price for the models that still have it', () => {
    expect(priceFor('claude-opus-4-1-20250805')?.input).toBe(15);
    expect(priceFor('claude-opus-4-20250514')?.output).toBe(75);
  });

  it('matches a dated snapshot to its alias', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toBe(priceFor('claude-sonnet-4-5'));
    expect(priceFor('claude-haiku-4-5-20251001')?.input).toBe(1);
    expect(priceFor('claude-sonnet-4-20250514')?.input).toBe(3);
    expect(priceFor('claude-3-5-haiku-20241022')?.input).toBe(0.8);
    expect(costOf('claude-sonnet-4-5-20250929', MTOK)).toBe(3);
  });

  it('leaves a model it lacks unknown instead of guessing from a look-alike name', () => {
    for (const model of ['claude-opus-4-9', 'claude-opus-6', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'opus', 'claude-opus-4-8-fast', 'claude-opus-4-8x', '<synthetic>', '__proto__', 'constructor']) {
      expect(priceFor(model), model).toBeUndefined();
      expect(costOf(model, MTOK), model).toBeUndefined();
    }
  });

  it('sums the priced models and names the others', () => {
    const cost = costOfTokens([
      ['claude-opus-4-8', MTOK],
      ['claude-zeta-9', MTOK],
      ['claude-alpha-1', { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }],
    ]);
    expect(cost).toEqual({ usd: 5, unpricedModels: ['claude-zeta-9'] });
  });
});

describe('a summary with a model whose price is unknown', () => {
  let revision = 0;
  const line = (id: string, model: string): RecordedEvent => {
    const r = BigInt(revision++);
    const data = { type: 'assistant', timestamp: '2026-11-20T09:00:00Z', message: { id, model, content: [], usage: { input_tokens: 1_000_000, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } } };
    return { id: `e${r}`, type: 'TranscriptLine', streamName: 'session-p1', revision: r, position: { commit: r, prepare: r }, data, metadata: { source: 'transcript', file: 'main' }, created: new Date(0) };
  };
  const events = [line('m1', 'claude-opus-4-8'), line('m2', 'claude-mystery-1'), line('m3', 'claude-sonnet-4-5-20250929')];
  const once = sessionSummaryProjection.fold(initialSessionState('p1'), events);
  const twice = sessionSummaryProjection.fold(once, events);

  it('keeps costUsd for the models it knows and names the unknown one', () => {
    expect(once.summary.costUsd).toBe(8);
    expect(once.summary.unpricedModels).toEqual(['claude-mystery-1']);
    expect(twice.summary).toEqual(once.summary);
  });

  it('shows a partial total and "price unknown" for the model', () => {
    expect(formatCost(once.summary)).toBe('$8.00 (partial)');
    expect(formatModelCost('claude-mystery-1', MTOK)).toBe('price unknown');
    expect(formatCost({ costUsd: 0, unpricedModels: ['claude-mystery-1'], tokens: {} })).toBe('price unknown');
  });

  it('derives the unknown models of a summary stored before the field existed', () => {
    const { unpricedModels: _dropped, ...old } = once.summary;
    expect(unpricedModelsOf(old)).toEqual(['claude-mystery-1']);
    expect(formatCost(old)).toBe('$8.00 (partial)');
  });
});
