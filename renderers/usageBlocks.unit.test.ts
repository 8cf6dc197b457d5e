import { describe, expect, it } from 'vitest';
import type { UsageReport, UsageTotals } from '../usage/usageReport.js';
import { checkBlocks } from './slackLimits.js';
import { usageBlocks } from './usageBlocks.js';

const window = { from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-07T00:00:00Z') };
const totals = (models: string[], n: number): UsageTotals => ({
  sessions: n,
  prompts: n * 3,
  tokens: new Map(models.map((m) => [m, { input: 9e12, output: 8e11, cacheRead: 7e13, cacheWrite: 6e10 }])),
  costUsd: 123_456_789.987,
  unpricedModels: models.filter((m) => m.includes('odd')),
});

describe('usage blocks', () => {
  it('stay within Slack limits however much there is, escaping names from the data', () => {
    const odd = '<!channel> & `odd`'.repeat(60);
    const models = Array.from({ length: 120 }, (_, i) => `claude-${odd}-${i}`);
    const report: UsageReport = {
      window,
      filter: { kind: 'repo', repo: `acme/${odd}` },
      total: totals(models, 9_999),
      byPerson: new Map<string | null, UsageTotals>([[null, totals(models, 1)], ...Array.from({ length: 300 }, (_, i) => [`U${String(i).padStart(9, '0')}`, totals(models, i)] as [string, UsageTotals])]),
      byRepo: new Map<string | null, UsageTotals>([[null, totals(models, 1)], ...Array.from({ length: 300 }, (_, i) => [`acme/${odd}${i}`, totals(models, i)] as [string, UsageTotals])]),
      byDay: new Map(),
    };
    const message = usageBlocks(report, { title: 'Weekly usage', audience: 'this channel' });
    expect(checkBlocks(message.blocks)).toEqual([]);
    const json = JSON.stringify(message.blocks.filter((b) => b.type !== 'header'));
    expect(json).not.toContain('<!channel>');
    expect(message.text).not.toContain('<!channel>');
    expect(json).toContain('…and 291 more');
    expect(message.text).toContain('(partial)');
  });

  it('say so when no session counts', () => {
    const empty: UsageTotals = { sessions: 0, prompts: 0, tokens: new Map(), costUsd: 0, unpricedModels: [] };
    const message = usageBlocks({ window, filter: { kind: 'person', userId: 'U0DANA' }, total: empty, byPerson: new Map(), byRepo: new Map(), byDay: new Map() }, { title: 'Usage this week', audience: 'you and this channel' });
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('No sessions you and this channel may see');
    expect(JSON.stringify(message.blocks)).toContain('<@U0DANA>');
    expect(message.text).toBe('Usage this week · one person: 0 sessions · 0 prompts · $0.00');
  });
});
