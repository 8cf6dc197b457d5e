import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../projections/sessionTimelineTypes.js';
import { bash, failingVitestSession, FAILING_TEST, fixtureSummary, fixtureTimeline, prompt, said, toolCall, VITEST_FAILURE } from '../test/support/recapFixtures.js';
import { buildRecapRequest, CHARS_PER_TOKEN, DEFAULT_INPUT_BUDGET_TOKENS, estimateTokens, fitEntries, MIN_INPUT_BUDGET_TOKENS, RECAP_SYSTEM_PROMPT } from './recapPrompt.js';

const LAST_WORDS = 'LAST-WORDS: the rounding fix is in decimal.ts, only the docs are left.';

/** 6,000 items of long prompts, texts and command output, with the failing test and pending todos early on. */
function hugeSession() {
  const items: TimelineItem[] = [
    prompt('Fix the refund rounding.'),
    toolCall('TodoWrite', {
      todos: [
        { content: 'Fix negative refunds', status: 'in_progress', activeForm: 'Fixing' },
        { content: 'Write the migration guide', status: 'pending', activeForm: 'Writing' },
        { content: 'Add tests under 0.01', status: 'completed', activeForm: 'Adding' },
      ],
    }, { text: 'ok' }),
    bash('npx vitest run', VITEST_FAILURE, true),
  ];
  for (let i = 0; i < 2_000; i++) {
    items.push(prompt(`prompt ${i} ${'p'.repeat(4_000)}`));
    items.push(said(`text ${i} ${'t'.repeat(8_000)}`, `msg_${i}`));
    items.push(bash(`make step-${i}`, `${'o'.repeat(20_000)}\nstep ${i} done`));
  }
  items.push(said(LAST_WORDS, 'msg_last'));
  return { summary: fixtureSummary('huge'), timeline: fixtureTimeline('huge', items) };
}

describe('recap request', () => {
  const session = hugeSession();

  it.each([DEFAULT_INPUT_BUDGET_TOKENS, 12_000, MIN_INPUT_BUDGET_TOKENS])('stays within a budget of %i tokens for a huge session', (budget) => {
    const request = buildRecapRequest(session.summary, session.timeline, { budgetTokens: budget });
    const text = request.messages[0]!.content;
    const chars = request.system[0]!.text.length + JSON.stringify(request.tools).length + text.length;
    expect(request.estimatedInputTokens).toBe(Math.ceil(chars / CHARS_PER_TOKEN));
    expect(request.estimatedInputTokens).toBeLessThanOrEqual(budget);
    // The failing test and the open todos survive any budget; the newest item is there in full.
    expect(text).toContain(`## Failing tests\n- ${FAILING_TEST}\n`);
    expect(text).toContain('- [>] Fix negative refunds');
    expect(text).toContain('- [ ] Write the migration guide');
    expect(text).toContain(`#6004 assistant: ${LAST_WORDS}`);
    expect(text).toMatch(/\(\d+ earlier items omitted\)/);
  });

  it('keeps the newest items complete and older ones on one line', () => {
    const text = buildRecapRequest(session.summary, session.timeline).messages[0]!.content;
    expect(text).toContain(`#6003 Bash \`make step-1999\` → ok\n`);
    expect(text).toContain('step 1999 done');
    const timeline = text.slice(text.indexOf('## Timeline'));
    const lines = timeline.split('\n').filter((l) => /^#\d+ /.test(l));
    const longest = Math.max(...lines.map((l) => l.length));
    expect(longest).toBeGreaterThan(1_000);
    expect(lines[0]!.length).toBeLessThanOrEqual(160);
  });

  it('marks the stable system part for prompt caching and forces the record_recap tool', () => {
    const request = buildRecapRequest(session.summary, session.timeline);
    expect(request.system).toEqual([{ type: 'text', text: RECAP_SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }]);
    expect(request.tool_choice).toEqual({ type: 'tool', name: 'record_recap' });
    expect(request.tools).toHaveLength(1);
    const schema = request.tools[0]!.input_schema;
    expect(schema.type).toBe('object');
    expect(schema.$schema).toBeUndefined();
    expect(schema.required).toEqual(['goal', 'done', 'currentState', 'next']);
    // The same system text for another session: the cached prefix does not depend on the session.
    const other = failingVitestSession();
    expect(buildRecapRequest(other.summary, other.timeline).system).toEqual(request.system);
  });

  it('sends a small session whole, with no omission marker', () => {
    const { summary, timeline } = failingVitestSession();
    const text = buildRecapRequest(summary, timeline).messages[0]!.content;
    expect(text).not.toContain('omitted');
    expect(text).toContain('#1 prompt: Make roundHalfEven');
    expect(text).toContain('#10 assistant: The negative case still fails');
    expect(text).toContain('## Files in flight');
    expect(text).toContain('- src/money/decimal.ts');
  });

  it('refuses a budget below the minimum', () => {
    const { summary, timeline } = failingVitestSession();
    expect(() => buildRecapRequest(summary, timeline, { budgetTokens: MIN_INPUT_BUDGET_TOKENS - 1 })).toThrow(RangeError);
  });
});

describe('fitEntries', () => {
  const entries = Array.from({ length: 50 }, (_, i) => ({ full: `#${i} ${'f'.repeat(99)}`, brief: `#${i} b` }));
  const size = (lines: string[]) => lines.join('\n').length;

  it('keeps everything in full when it fits', () => {
    const fitted = fitEntries(entries, 100_000);
    expect(fitted).toMatchObject({ full: 50, brief: 0, omitted: 0 });
    expect(fitted.lines).toEqual(entries.map((e) => e.full));
  });

  it('keeps the newest in full, then briefs, then counts what it dropped, within the room', () => {
    for (const room of [0, 50, 500, 1_000, 2_500, 4_000]) {
      const fitted = fitEntries(entries, room);
      expect(size(fitted.lines)).toBeLessThanOrEqual(room);
      expect(fitted.full + fitted.brief + fitted.omitted).toBe(50);
      const kept = fitted.lines.filter((l) => l.startsWith('#'));
      const expected = entries.slice(50 - kept.length).map((e, i) => (i < fitted.brief ? e.brief : e.full));
      expect(kept).toEqual(expected);
      if (fitted.omitted > 0 && room > 0) expect(fitted.lines[0]).toBe(`(${fitted.omitted} earlier items omitted)`);
    }
    expect(fitEntries(entries, 2_500)).toMatchObject({ full: 14, omitted: 0 });
  });

  it('estimates tokens as characters / 4, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens(4_000)).toBe(1_000);
  });
});
