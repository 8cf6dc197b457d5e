/**
 * A session evaluation's shape: one answer per question (evalQuestions.ts), the schema the model's answers
 * must pass (one group per tool call), and the record stored as `SessionEvalCompleted`.
 *
 * Evidence is a list of page anchors: `turn-N` (the Nth prompt a person typed in the main thread,
 * projections/sessionTurns.ts) and `tool-<tool_use id>` (a tool call). Limits keep an answer readable on a
 * Slack card: a section block holds at most 3,000 characters (renderers/slackLimits.ts) and the eval
 * message shows a group of up to four answers in one.
 */
import { z } from 'zod';
import { EVAL_QUESTIONS, QUESTION_IDS } from './evalQuestions.js';
import type { EvalGroup, QuestionId } from './evalQuestions.js';

export const EVAL_LIMITS = {
  findingChars: 400,
  recommendationChars: 300,
  evidence: 8,
  anchorChars: 140,
} as const;

/** `turn-12` or `tool-toolu_01AbC…` (tool_use ids are letters, digits, `_` and `-`). */
export const ANCHOR_PATTERN = /^(turn-\d{1,6}|tool-[A-Za-z0-9_-]{1,128})$/;

export const VERDICTS = ['pass', 'warn', 'fail'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Who answered: the model, the rules, or nobody yet (`needs_model`: the rules cannot tell, no model configured). */
export type AnswerSource = 'llm' | 'rules' | 'needs_model';

const L = EVAL_LIMITS;
const anchor = z.string().max(L.anchorChars).regex(ANCHOR_PATTERN, 'an anchor is turn-N or tool-<tool_use id>');

/** One answer as the model gives it (the source is added by the adapter). */
export const ModelAnswerSchema = z.object({
  question: z.enum(QUESTION_IDS),
  score: z.number().int().min(1).max(5).describe('1 (bad) to 5 (good).'),
  verdict: z.enum(VERDICTS),
  finding: z.string().min(1).max(L.findingChars).describe('What the record shows, in one or two sentences.'),
  evidence: z.array(anchor).max(L.evidence).describe('Anchors of the turns and tool calls that show it: turn-N, tool-<id>, as written in the record.'),
  recommendation: z.string().max(L.recommendationChars).describe('What to do differently next time; empty when nothing.'),
});
export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;

/**
 * The tool input for one group: exactly that group's questions, each once. A function of the group so the
 * schema the model sees names only those ids.
 */
export function groupAnswerSchema(group: EvalGroup) {
  const ids = EVAL_QUESTIONS.filter((q) => q.group === group).map((q) => q.id);
  const one = ModelAnswerSchema.extend({ question: z.enum(ids as [QuestionId, ...QuestionId[]]) });
  return z
    .object({ answers: z.array(one).length(ids.length) })
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      for (const [i, a] of value.answers.entries()) {
        if (seen.has(a.question)) ctx.addIssue({ code: 'custom', path: ['answers', i, 'question'], message: `${a.question} is answered twice` });
        seen.add(a.question);
      }
    });
}

/** An answer as stored and shown. `score` and `verdict` are null when `source` is `needs_model`. */
export interface EvalAnswer {
  question: QuestionId;
  score: number | null;
  verdict: Verdict | null;
  finding: string;
  evidence: string[];
  recommendation: string;
  source: AnswerSource;
}

export const EvalAnswerSchema = z.object({
  question: z.enum(QUESTION_IDS),
  score: z.number().int().min(1).max(5).nullable(),
  verdict: z.enum(VERDICTS).nullable(),
  finding: z.string().max(L.findingChars),
  evidence: z.array(anchor).max(L.evidence),
  recommendation: z.string().max(L.recommendationChars),
  source: z.enum(['llm', 'rules', 'needs_model']),
});

/** An evaluation as stored (`SessionEvalCompleted` data) and shown. */
export interface EvalRecord {
  /** Every question once, in EVAL_QUESTIONS order. */
  answers: EvalAnswer[];
  /** Who made it: the model (`llm`) or the rules with no model (`rules`). */
  source: 'llm' | 'rules';
  /** The model that answered; null for rules. */
  model: string | null;
  /** The session's activity revision it covers (SessionSummary.activityRevision), like RecapRecord. */
  sessionRevision: number;
  /** ISO 8601. */
  generatedAt: string;
}

export const EvalRecordSchema = z.object({
  answers: z.array(EvalAnswerSchema).length(QUESTION_IDS.length),
  source: z.enum(['llm', 'rules']),
  model: z.string().nullable(),
  sessionRevision: z.number().int(),
  generatedAt: z.iso.datetime(),
});

/**
 * The anchors of `evidence` a record may hold: well-formed (ANCHOR_PATTERN; a tool_use id from the data
 * that is not one is dropped), each once, at most EVAL_LIMITS.evidence, and when `known` is given, only those
 * in it (a model may name an anchor the record does not have).
 */
export function validAnchors(evidence: readonly string[], known?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const a of evidence) {
    if (out.length === L.evidence) break;
    if (a.length <= L.anchorChars && ANCHOR_PATTERN.test(a) && (known === undefined || known.has(a)) && !out.includes(a)) out.push(a);
  }
  return out;
}

/** Verdict counts of an evaluation; `needsModel` counts answers nobody could give. */
export interface VerdictTally {
  pass: number;
  warn: number;
  fail: number;
  needsModel: number;
}

/**
 * The tally of `answers` (at most the first 100, so a hostile stored record costs nothing). Entries that
 * are not answers are skipped: the summary fold calls this on stored event data.
 */
export function tallyVerdicts(answers: unknown): VerdictTally {
  const tally: VerdictTally = { pass: 0, warn: 0, fail: 0, needsModel: 0 };
  if (!Array.isArray(answers)) return tally;
  for (const a of answers.slice(0, 100) as unknown[]) {
    if (typeof a !== 'object' || a === null) continue;
    const { verdict, source } = a as { verdict?: unknown; source?: unknown };
    if (verdict === 'pass') tally.pass += 1;
    else if (verdict === 'warn') tally.warn += 1;
    else if (verdict === 'fail') tally.fail += 1;
    else if (source === 'needs_model') tally.needsModel += 1;
  }
  return tally;
}

/** The whole evaluation in one word: fail if any answer fails, else warn if any warns, else pass (null when none answered). */
export function overallVerdict(t: VerdictTally): Verdict | null {
  if (t.fail > 0) return 'fail';
  if (t.warn > 0) return 'warn';
  return t.pass > 0 ? 'pass' : null;
}

/** `9 pass · 2 warn · 1 fail · 1 needs a model` (zero counts left out). */
export function tallyLine(t: VerdictTally): string {
  const parts = [`${t.pass} pass`, ...(t.warn > 0 ? [`${t.warn} warn`] : []), ...(t.fail > 0 ? [`${t.fail} fail`] : [])];
  if (t.needsModel > 0) parts.push(`${t.needsModel} ${t.needsModel === 1 ? 'needs' : 'need'} a model`);
  return parts.join(' · ');
}

/** The answers in EVAL_QUESTIONS order: for each question the first answer to it in `answers`, else a `needs_model` one. */
export function inQuestionOrder(answers: readonly EvalAnswer[]): EvalAnswer[] {
  const byId = new Map<QuestionId, EvalAnswer>();
  for (const a of answers) if (!byId.has(a.question)) byId.set(a.question, a);
  return EVAL_QUESTIONS.map((q) => byId.get(q.id) ?? needsModel(q.id));
}

export const NEEDS_MODEL_FINDING = 'Needs a model: the rules cannot answer this. Set ANTHROPIC_API_KEY for a full evaluation.';

/** The answer to a question the rules cannot answer. */
export function needsModel(question: QuestionId): EvalAnswer {
  return { question, score: null, verdict: null, finding: NEEDS_MODEL_FINDING, evidence: [], recommendation: '', source: 'needs_model' };
}
