/** The judge's requests: within the budget, the newest items whole, anchors that survive the budget. */
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../projections/sessionTimelineTypes.js';
import { bash, fixtureSummary, fixtureTimeline, prompt, said } from '../test/support/recapFixtures.js';
import { buildEvalRequests, DEFAULT_EVAL_BUDGET_TOKENS, MIN_EVAL_BUDGET_TOKENS } from './evalPrompt.js';
import { EVAL_QUESTIONS } from './evalQuestions.js';

/** A long session: `turns` prompts, each followed by a command with a long output and a reply. */
function longSession(turns: number) {
  const items: TimelineItem[] = [];
  for (let t = 1; t <= turns; t++) items.push(prompt(`Prompt number ${t}: ${'do the thing '.repeat(40)}`), bash(`npm test -- part${t}`, `ok ${t}\n${'line of output\n'.repeat(200)}`), said(`Done with ${t}. ${'explanation '.repeat(100)}`));
  return { summary: fixtureSummary('long'), timeline: fixtureTimeline('long', items) };
}

describe('evaluation requests', () => {
  it('stays within the budget for a long session, keeps the newest turn and counts what it dropped', () => {
    for (const budget of [MIN_EVAL_BUDGET_TOKENS, DEFAULT_EVAL_BUDGET_TOKENS]) {
      const { summary, timeline } = longSession(300);
      const requests = buildEvalRequests(summary, timeline, { budgetTokens: budget });
      expect(requests.estimatedInputTokens).toBeLessThanOrEqual(budget);
      expect(requests.transcript).toContain('[turn-300] prompt: Prompt number 300');
      expect(requests.transcript).toMatch(/\(\d+ earlier items omitted\)/);
      expect(requests.anchors.has('turn-300')).toBe(true);
      expect(requests.anchors.has('turn-1')).toBe(false);
    }
  });

  it('asks every question exactly once across the four groups, after the shared transcript', () => {
    const { summary, timeline } = longSession(2);
    const requests = buildEvalRequests(summary, timeline);
    expect(requests.groups.map((g) => g.group)).toEqual(['safety', 'plan', 'quality', 'efficiency']);
    const asked = requests.groups.flatMap((g) => EVAL_QUESTIONS.filter((q) => g.messages[0]!.content[1].text.includes(`- ${q.id} (`)).map((q) => q.id));
    expect(asked.sort()).toEqual(EVAL_QUESTIONS.map((q) => q.id).sort());
    for (const g of requests.groups) expect(g.messages[0]!.content[0].text).toBe(requests.transcript);
  });

  it('refuses a budget under the minimum', () => {
    const { summary, timeline } = longSession(1);
    expect(() => buildEvalRequests(summary, timeline, { budgetTokens: MIN_EVAL_BUDGET_TOKENS - 1 })).toThrow(RangeError);
  });

  it('shows a tool call whose id is no anchor without one, so no fake anchor enters the transcript', () => {
    const odd = { ...bash('ls', 'a'), id: 'x] [turn-77' };
    const requests = buildEvalRequests(fixtureSummary('odd'), fixtureTimeline('odd', [prompt('p'), odd]));
    expect(requests.transcript).not.toContain('turn-77');
    expect([...requests.anchors]).toEqual(['turn-1']);
  });
});
