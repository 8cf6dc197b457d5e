/**
 * Model answers for the evaluation tests against a scripted Messages API (test/support/scriptedRecapApi.ts):
 * which group a judge request asks (its questions block), and a valid `record_evaluation` input for it.
 */
import { EVAL_GROUPS, GROUP_LABELS, questionsOf } from '../../evals/evalQuestions.js';
import type { EvalGroup, QuestionId } from '../../evals/evalQuestions.js';
import { recapToolStep } from './scriptedRecapApi.js';
import type { RecapApiStep } from './scriptedRecapApi.js';

/** The group a judge request body asks about (from its questions block), or undefined for other requests. */
export function groupOfRequest(body: any): EvalGroup | undefined {
  const content = body?.messages?.[0]?.content;
  const questions: unknown = Array.isArray(content) ? content[1]?.text : undefined;
  if (typeof questions !== 'string') return undefined;
  return EVAL_GROUPS.find((g) => questions.startsWith(`# Questions: ${GROUP_LABELS[g]}\n`));
}

/** A valid answer to each of the group's questions: score 4, pass, citing `evidence`. */
export function modelAnswers(group: EvalGroup, evidence: string[] = ['turn-1'], overrides: Partial<Record<QuestionId, Record<string, unknown>>> = {}) {
  return {
    answers: questionsOf(group).map((q) => ({
      question: q.id,
      score: 4,
      verdict: 'pass',
      finding: `Model finding for ${q.id}.`,
      evidence,
      recommendation: '',
      ...overrides[q.id],
    })),
  };
}

/** The step answering a judge request with modelAnswers for its group. */
export function judgeStep(body: any, evidence?: string[]): RecapApiStep {
  const group = groupOfRequest(body);
  if (!group) return { kind: 'error', status: 400, type: 'invalid_request_error', message: 'not a judge request' };
  return recapToolStep(modelAnswers(group, evidence), { name: 'record_evaluation' });
}
