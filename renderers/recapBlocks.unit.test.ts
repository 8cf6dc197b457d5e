import { describe, expect, it } from 'vitest';
import type { RecapRecord } from '../recaps/recap.js';
import { fixtureSummary } from '../test/support/recapFixtures.js';
import type { Block } from './blockKit.js';
import { buildRecapBlocks } from './recapBlocks.js';
import { checkBlocks } from './slackLimits.js';

const record: RecapRecord = {
  recap: {
    goal: 'Make `roundHalfEven` match the ledger in `src/refunds/rounding.ts`',
    done: ['Ran `npm run test_unit -- --grep "a<b"`', '**Fixed** the `snake_case_name` lookup'],
    currentState: { summary: 'One test fails: `rounds_negative` <!channel>', failingTests: ['rounding.test.ts > rounds_negative'], openErrors: [], filesInFlight: ['src/refunds/rounding_mode.ts'] },
    next: ['Run `git push origin fix/refund_rounding`'],
  },
  source: 'llm',
  model: 'claude-sonnet-4-5',
  sessionRevision: 10,
  generatedAt: '2026-01-01T10:00:00Z',
};

const mrkdwnTexts = (blocks: Block[]): string[] => JSON.stringify(blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)!.map((t) => JSON.parse(`{${t}}`).text as string);

describe('a recap in Block Kit', () => {
  const { blocks } = buildRecapBlocks(record, fixtureSummary('r1'), { sessionUrl: 'https://kap.example/s/r1', now: new Date('2026-01-01T10:05:00Z') });
  const all = mrkdwnTexts(blocks).join('\n');

  it('keeps the model’s code spans as code, copyable: backticks and underscores as written, never look-alikes', () => {
    expect(all).toContain('Make `roundHalfEven` match the ledger in `src/refunds/rounding.ts`');
    expect(all).toContain('• Ran `npm run test_unit -- --grep "a&lt;b"`');
    expect(all).toContain('• Run `git push origin fix/refund_rounding`');
    expect(all).toContain('src/refunds/rounding_mode.ts');
    expect(all).not.toMatch(/[\u02cb\u02cd\u2217\u223c]/);
  });

  it('makes Markdown’s **bold** Slack’s *bold*, and lets no mention through', () => {
    expect(all).toContain('• *Fixed* the `snake_case_name` lookup');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).not.toMatch(/<[!@#]/);
    expect(checkBlocks(blocks)).toEqual([]);
  });
});
