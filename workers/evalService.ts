/**
 * A session's evaluation, made once per state of the work: reused while no session event (hook or
 * transcript line) landed after the one it covers, else made by the configured judge (the model, or the
 * rules when there is no ANTHROPIC_API_KEY) and stored as a `SessionEvalCompleted` event in the session's
 * stream. When the model fails, the rules' evaluation stands in, labelled, and nothing is stored (the next
 * request tries the model again). Compared with the session's activity, never with its own event: Kap's own
 * events (this evaluation, a recap, a share) move the revision without the session moving on.
 */
import { contentId } from '../events/eventIds.js';
import { SESSION_EVAL_COMPLETED } from '../events/kapEventTypes.js';
import type { Judge } from '../evals/judge.js';
import { rulesEvalRecord } from '../evals/rulesJudge.js';
import { EvalRecordSchema } from '../evals/sessionEval.js';
import type { EvalRecord } from '../evals/sessionEval.js';
import type { ProjectionStateStore } from '../projections/projection.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { initialTimeline } from '../projections/sessionTimeline.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

export interface EvalServiceDeps {
  store: EventStore;
  readModel: SessionReadModel;
  timelines: ProjectionStateStore<SessionTimeline>;
  /** The model's judge, or the rules' when no model is configured. */
  judge: Judge;
  now: () => Date;
}

export type EvalResult =
  | { ok: true; record: EvalRecord; summary: SessionSummary; cached: boolean; modelFailure?: string }
  | { ok: false; reason: 'SESSION_NOT_FOUND' };

/** The evaluation of `sessionId` as it stands. Throws only on store failures. */
export async function evaluateSession(deps: EvalServiceDeps, sessionId: string): Promise<EvalResult> {
  const summary = (await deps.readModel.get(sessionId))?.summary;
  if (!summary) return { ok: false, reason: 'SESSION_NOT_FOUND' };
  const covers = summary.activityRevision ?? summary.revision;
  const cached = await storedEval(deps.store, sessionId, covers);
  if (cached) return { ok: true, record: cached, summary, cached: true };

  const timeline = (await deps.timelines.get(sessionId)) ?? initialTimeline(sessionId);
  const outcome = await deps.judge.evaluate({ summary, timeline });
  if (!outcome.ok) {
    const record = { ...rulesEvalRecord({ summary, timeline }, deps.now()), sessionRevision: covers };
    return { ok: true, record, summary, cached: false, modelFailure: outcome.message };
  }
  const record: EvalRecord = { ...outcome.record, sessionRevision: covers };
  await deps.store.append(sessionStream(sessionId), [
    {
      id: contentId({ sessionId, covers, source: record.source, model: record.model }, SESSION_EVAL_COMPLETED),
      type: SESSION_EVAL_COMPLETED,
      data: { ...record, answers: record.answers.map((a) => ({ ...a, evidence: [...a.evidence] })) },
      metadata: { source: 'kap' },
    },
  ]);
  return { ok: true, record, summary, cached: false };
}

/** The newest `SessionEvalCompleted` after revision `covers` that covers it (only Kap's own events follow it). */
async function storedEval(store: EventStore, sessionId: string, covers: number): Promise<EvalRecord | undefined> {
  let found: EvalRecord | undefined;
  for await (const event of store.readStream(sessionStream(sessionId), { fromRevision: BigInt(covers + 1) })) {
    if (event.type !== SESSION_EVAL_COMPLETED) continue;
    const parsed = EvalRecordSchema.safeParse(event.data);
    if (parsed.success && parsed.data.sessionRevision === covers) found = parsed.data;
  }
  return found;
}

/**
 * The evaluation the summary's `evalVerdict` points at (the newest stored), whatever revision it covers, or
 * undefined when the session was never evaluated or the event is not a valid evaluation. For showing an
 * evaluation (the session page) without making one; one read from the event's own revision.
 */
export async function storedEvaluationOf(store: EventStore, summary: SessionSummary): Promise<EvalRecord | undefined> {
  const at = summary.evalVerdict?.eventRevision;
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 0) return undefined;
  for await (const event of store.readStream(sessionStream(summary.sessionId), { fromRevision: BigInt(at) })) {
    if (event.type !== SESSION_EVAL_COMPLETED) return undefined;
    const parsed = EvalRecordSchema.safeParse(event.data);
    return parsed.success ? parsed.data : undefined;
  }
  return undefined;
}
