/** The evaluation's schemas and counts. */
import { describe, expect, it } from 'vitest';
import { modelAnswers } from '../test/support/evalFixtures.js';
import { groupAnswerSchema, needsModel, overallVerdict, tallyLine, tallyVerdicts, validAnchors } from './sessionEval.js';

describe('a group answer', () => {
  it('must answer exactly the group’s questions, each once, with anchors for evidence', () => {
    const schema = groupAnswerSchema('efficiency');
    expect(schema.safeParse(modelAnswers('efficiency', ['turn-2', 'tool-toolu_01AbC'])).success).toBe(true);
    expect(schema.safeParse(modelAnswers('safety')).success).toBe(false);
    const twice = modelAnswers('efficiency');
    twice.answers[2] = { ...twice.answers[0]! };
    expect(schema.safeParse(twice).error?.issues[0]?.message).toContain('answered twice');
    expect(schema.safeParse(modelAnswers('efficiency', ['line 12'])).success).toBe(false);
    expect(schema.safeParse(modelAnswers('efficiency', ['turn-1'], { redundant_calls: { score: 6 } })).success).toBe(false);
  });
});

describe('verdict counts', () => {
  it('counts verdicts and needs-a-model answers, and skips what is not an answer', () => {
    const answers = [{ verdict: 'pass' }, { verdict: 'warn' }, { verdict: 'fail' }, needsModel('over_engineering'), null, 'pass', { verdict: 'maybe' }];
    const tally = tallyVerdicts(answers);
    expect(tally).toEqual({ pass: 1, warn: 1, fail: 1, needsModel: 1 });
    expect(overallVerdict(tally)).toBe('fail');
    expect(tallyLine(tally)).toBe('1 pass · 1 warn · 1 fail · 1 needs a model');
    expect(tallyVerdicts({ length: 3 })).toEqual({ pass: 0, warn: 0, fail: 0, needsModel: 0 });
    expect(overallVerdict(tallyVerdicts([]))).toBeNull();
  });

  it('keeps well-formed, known anchors once each, at most eight', () => {
    expect(validAnchors(['turn-1', 'turn-1', 'tool-a', '<b>', 'turn-x'], new Set(['turn-1']))).toEqual(['turn-1']);
    expect(validAnchors(Array.from({ length: 20 }, (_, i) => `turn-${i}`))).toHaveLength(8);
  });
});
