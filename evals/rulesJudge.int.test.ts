/**
 * The rules judge and the judge's prompt on real sessions: the spotter, claude-code-viewer and fasthooks
 * corpus folders imported into a test Kap through `kap import`'s path (test/support/importCorpus.ts), each
 * session's stream folded into its timeline, next to the summary Kap's projection made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { buildEvalRequests, DEFAULT_EVAL_BUDGET_TOKENS } from './evalPrompt.js';
import type { EvalInput } from './judge.js';
import { rulesEvalRecord } from './rulesJudge.js';
import { EvalRecordSchema } from './sessionEval.js';

/** The corpus's longest session (2.1.38, subagent files, compaction): an Elixir project whose mix.exs says `Mix.env`. */
const LONG_SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';
/** A 1.0.x session whose inline subagent ran a failing `npm run build` four times in a row, unchanged. */
const TODO_APP_SESSION = 'fe5e1c67-53e7-4862-81ae-d0e013e3270b';
const REPEATED_BUILDS = ['toolu_01CSi16ZXnnQne2EuM8ZxNB4', 'toolu_01EThVZotbk7xiuWTxGByr79', 'toolu_014dpyR6f5VnFfPg7Anv8S34', 'toolu_01DH2JFs47ZjoYNAsu6HcsL1'];

const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('evaluation of real sessions', () => {
  let kap: KapUnderTest;
  const inputs = new Map<string, EvalInput>();

  beforeAll(async () => {
    kap = await startKapForTest();
    const report = await importCorpus(kap, ['spotter', 'claude-code-viewer', 'fasthooks']);
    for (const id of report.sessions) {
      const events: RecordedEvent[] = [];
      for await (const e of kap.store.readStream(sessionStream(id))) events.push(e);
      inputs.set(id, { summary: (await kap.summary(id))!, timeline: foldTimelineEvents(initialTimeline(id), events) });
    }
  }, 120_000);
  afterAll(() => kap?.close());

  it('finds the subagent stuck re-running a failing npm run build, citing each run', () => {
    const record = rulesEvalRecord(inputs.get(TODO_APP_SESSION)!, NOW);
    const repeated = record.answers.find((a) => a.question === 'repeated_failures')!;
    expect(repeated).toMatchObject({ source: 'rules', verdict: 'fail', score: 1 });
    expect(repeated.finding).toContain('`npm run build` ×4');
    expect(repeated.evidence.slice(0, 4)).toEqual(REPEATED_BUILDS.map((id) => `tool-${id}`));
    expect(record.answers.find((a) => a.question === 'completed_items')).toMatchObject({ verdict: 'pass', finding: 'All 5 todo items of the last list are completed.' });
  });

  it('passes the longest session on secrets, destructive commands and tests, whose last mix test run passed', () => {
    const record = rulesEvalRecord(inputs.get(LONG_SESSION)!, NOW);
    const byId = new Map(record.answers.map((a) => [a.question, a]));
    expect(byId.get('sensitive_files')).toMatchObject({ verdict: 'pass', evidence: [] });
    expect(byId.get('destructive_commands')).toMatchObject({ verdict: 'pass' });
    expect(byId.get('tests_broken')).toMatchObject({ verdict: 'pass', finding: expect.stringContaining('mix test') });
  });

  it('makes a valid, repeatable evaluation of every session, and a judge prompt within the default budget', () => {
    expect(inputs.size).toBeGreaterThanOrEqual(9);
    for (const [id, input] of inputs) {
      const record = rulesEvalRecord(input, NOW);
      expect({ id, issues: EvalRecordSchema.safeParse(record).error?.issues ?? [] }).toEqual({ id, issues: [] });
      expect(record).toEqual(rulesEvalRecord(input, NOW));
      const requests = buildEvalRequests(input.summary, input.timeline);
      expect({ id, within: requests.estimatedInputTokens <= DEFAULT_EVAL_BUDGET_TOKENS }).toEqual({ id, within: true });
      // The transcript cites the last turn whole: turn anchors follow the page's numbering.
      const prompts = input.timeline.items.filter((i) => i.kind === 'prompt').length;
      if (prompts > 0) expect(requests.anchors.has(`turn-${prompts}`)).toBe(true);
    }
  });
});
