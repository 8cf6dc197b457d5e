/**
 * The recap port: turns a session's projection states into a RecapRecord. Adapters: the Anthropic Messages
 * API (anthropicRecapper.ts, `source: 'llm'`) and the rules (rulesRecap.ts, `source: 'rules'`, used with no
 * ANTHROPIC_API_KEY). Expected failures are values; a recapper throws only on the unexpected (a bug).
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimelineTypes.js';
import type { RecapRecord } from './recap.js';

/** One session's states, folded from the same stream (the recap covers `summary.revision`). */
export interface RecapInput {
  summary: SessionSummary;
  timeline: SessionTimeline;
}

/**
 * Why no recap was made:
 * - `INVALID_OUTPUT`: the model's answer failed the recap schema twice (first answer, then one retry);
 * - `API_ERROR`: the API answered with an error status (after the SDK's retries) or could not be reached;
 * - `TIMEOUT`: the API did not answer in time.
 */
export type RecapFailureReason = 'INVALID_OUTPUT' | 'API_ERROR' | 'TIMEOUT';

/** `message` is written for a Slack user: what happened and what to do, no stack trace. */
export type RecapOutcome = { ok: true; record: RecapRecord } | { ok: false; reason: RecapFailureReason; message: string };

export interface Recapper {
  recap(input: RecapInput): Promise<RecapOutcome>;
}
