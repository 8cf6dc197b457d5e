/**
 * The judge port: evaluates one session from its projection states. Adapters: the Anthropic Messages API
 * (anthropicJudge.ts, `source: 'llm'`, one call per question group) and the rules (rulesJudge.ts,
 * `source: 'rules'`, used with no ANTHROPIC_API_KEY). Expected failures are values; a judge throws only on
 * the unexpected (a bug).
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimelineTypes.js';
import type { EvalRecord } from './sessionEval.js';

/** One session's states, folded from the same stream. */
export interface EvalInput {
  summary: SessionSummary;
  timeline: SessionTimeline;
}

/**
 * Why no evaluation was made:
 * - `INVALID_OUTPUT`: a group's answer failed its schema twice (first answer, then one retry);
 * - `API_ERROR`: the API answered with an error status (after the SDK's retries) or could not be reached;
 * - `TIMEOUT`: the API did not answer in time.
 */
export type EvalFailureReason = 'INVALID_OUTPUT' | 'API_ERROR' | 'TIMEOUT';

/** `message` is written for a Slack user: what happened and what to do, no stack trace. */
export type EvalOutcome = { ok: true; record: EvalRecord } | { ok: false; reason: EvalFailureReason; message: string };

export interface Judge {
  evaluate(input: EvalInput): Promise<EvalOutcome>;
}
