/** The evaluation message in Block Kit: within Slack's limits whatever the answers hold, escaped, linked to the page's anchors. */
import { describe, expect, it } from 'vitest';
import { rulesEvalRecord } from '../evals/rulesJudge.js';
import { EVAL_LIMITS } from '../evals/sessionEval.js';
import type { EvalRecord } from '../evals/sessionEval.js';
import { failingVitestSession } from '../test/support/recapFixtures.js';
import { buildEvalBlocks } from './evalBlocks.js';
import { checkBlocks } from './slackLimits.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const URL = 'https://kap.example/s/eval-1?exp=1&sig=ab';

describe('evaluation blocks', () => {
  it('shows the overall verdict, each group, evidence linked to the page anchors, and says the rules made it', () => {
    const input = failingVitestSession();
    const { blocks, text } = buildEvalBlocks(rulesEvalRecord(input, NOW), input.summary, { sessionUrl: URL, now: NOW, lead: '<@U0DANA> asked for an evaluation.' });
    expect(checkBlocks(blocks)).toEqual([]);
    const json = JSON.stringify(blocks);
    for (const heading of ['*Safety*', '*Plan adherence*', '*Quality*', '*Efficiency*']) expect(json).toContain(heading);
    expect(json).toContain(':x: fail');
    expect(json).toMatch(/<https:\/\/kap\.example\/s\/eval-1\?exp=1&amp;sig=ab#tool-toolu_fixture_\d+\|tool-toolu_fixture_\d+>/);
    expect(json).toContain('_needs a model_');
    expect(json).toContain('Rule-based evaluation (no model configured)');
    expect(text).toContain('fail');
  });

  it('stays within every limit with the longest answers, and escapes what the model wrote', () => {
    const input = failingVitestSession();
    const record: EvalRecord = rulesEvalRecord(input, NOW);
    const hostile = '<!channel> *bold* <https://evil.example|click> & '.repeat(20);
    record.answers = record.answers.map((a) => ({
      ...a,
      score: 1,
      verdict: 'fail',
      source: 'llm',
      finding: hostile.slice(0, EVAL_LIMITS.findingChars),
      recommendation: hostile.slice(0, EVAL_LIMITS.recommendationChars),
      evidence: Array.from({ length: 8 }, (_, i) => `tool-toolu_${'x'.repeat(100)}${i}`),
    }));
    const { blocks } = buildEvalBlocks({ ...record, source: 'llm', model: 'claude-judge' }, input.summary, { sessionUrl: `https://kap.example/s/${'y'.repeat(500)}`, now: NOW });
    expect(checkBlocks(blocks)).toEqual([]);
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.example');
  });
});
