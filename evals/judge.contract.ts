/**
 * The judge contract suite: every adapter runs these tests (the rules; the Anthropic judge against the
 * scripted Messages API answering each group validly). What any judge must give: every question once in
 * EVAL_QUESTIONS order, a record that passes EvalRecordSchema, the revision it was asked about, the injected
 * clock's time, evidence only as anchors the session has, and `score`/`verdict` null exactly when nobody
 * answered.
 */
import { describe, expect, it } from 'vitest';
import { failingVitestSession } from '../test/support/recapFixtures.js';
import { evalTrail } from './evalTrail.js';
import { QUESTION_IDS } from './evalQuestions.js';
import type { Judge } from './judge.js';
import { EvalRecordSchema } from './sessionEval.js';

export const CONTRACT_NOW = new Date('2026-12-02T10:00:00.000Z');

/** `open()` makes the adapter with its clock at CONTRACT_NOW; `source` is what its answers are labelled. */
export function describeJudgeContract(name: string, open: () => Promise<Judge> | Judge, source: 'llm' | 'rules'): void {
  describe(`Judge contract: ${name}`, () => {
    it('answers every question once, in order, in a valid record of the revision asked about', async () => {
      const input = failingVitestSession();
      const outcome = await (await open()).evaluate(input);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      const { record } = outcome;
      expect(EvalRecordSchema.safeParse(record).error?.issues ?? []).toEqual([]);
      expect(record.answers.map((a) => a.question)).toEqual([...QUESTION_IDS]);
      expect(record).toMatchObject({ source, sessionRevision: input.summary.revision, generatedAt: CONTRACT_NOW.toISOString() });
      expect(record.model === null).toBe(source === 'rules');
    });

    it('cites only anchors the session has, and leaves score and verdict empty exactly when nobody answered', async () => {
      const input = failingVitestSession();
      const outcome = await (await open()).evaluate(input);
      if (!outcome.ok) throw new Error(outcome.message);
      const turns = input.timeline.items.filter((i) => i.kind === 'prompt').length;
      const anchors = new Set([...evalTrail(input.timeline).flatMap((t) => (t.anchor ? [t.anchor] : [])), ...Array.from({ length: turns }, (_, i) => `turn-${i + 1}`)]);
      for (const a of outcome.record.answers) {
        for (const e of a.evidence) expect(anchors.has(e), `${a.question}: ${e}`).toBe(true);
        expect(a.score === null, a.question).toBe(a.source === 'needs_model');
        expect(a.verdict === null, a.question).toBe(a.source === 'needs_model');
        expect(['needs_model', source]).toContain(a.source);
      }
    });
  });
}
