/**
 * A session's recap, made once per state of the work: reused while no session event (hook or transcript line)
 * landed after the one it covers, else made by the configured recapper (the model, or the rules when there is
 * no ANTHROPIC_API_KEY) and stored as a `RecapGenerated` event in the session's stream. When the model fails,
 * the rules recap stands in, labelled, and nothing is stored (the next request tries the model again).
 */
import { contentId } from '../events/eventIds.js';
import { RECAP_GENERATED } from '../events/kapEventTypes.js';
import type { ProjectionStateStore } from '../projections/projection.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { initialTimeline } from '../projections/sessionTimeline.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import type { RecapRecord } from '../recaps/recap.js';
import { RecapRecordSchema } from '../recaps/recap.js';
import type { Recapper } from '../recaps/recapper.js';
import { rulesRecapRecord } from '../recaps/rulesRecap.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

export interface RecapServiceDeps {
  store: EventStore;
  readModel: SessionReadModel;
  timelines: ProjectionStateStore<SessionTimeline>;
  /** The model's recapper, or the rules' when no model is configured. */
  recapper: Recapper;
  now: () => Date;
}

export type RecapResult =
  | { ok: true; record: RecapRecord; summary: SessionSummary; cached: boolean; modelFailure?: string }
  | { ok: false; reason: 'SESSION_NOT_FOUND' };

/** The recap of `sessionId` as it stands. Throws only on store failures. */
export async function recapSession(deps: RecapServiceDeps, sessionId: string): Promise<RecapResult> {
  const summary = (await deps.readModel.get(sessionId))?.summary;
  if (!summary) return { ok: false, reason: 'SESSION_NOT_FOUND' };
  const covers = summary.activityRevision ?? summary.revision;
  const cached = await storedRecap(deps.store, sessionId, covers);
  if (cached) return { ok: true, record: cached, summary, cached: true };

  const timeline = (await deps.timelines.get(sessionId)) ?? initialTimeline(sessionId);
  const outcome = await deps.recapper.recap({ summary, timeline });
  if (!outcome.ok) {
    const record = { ...rulesRecapRecord({ summary, timeline }, deps.now()), sessionRevision: covers };
    return { ok: true, record, summary, cached: false, modelFailure: outcome.message };
  }
  const record: RecapRecord = { ...outcome.record, sessionRevision: covers };
  await deps.store.append(sessionStream(sessionId), [
    {
      id: contentId({ sessionId, covers, source: record.source, model: record.model }, RECAP_GENERATED),
      type: RECAP_GENERATED,
      data: { ...record },
      metadata: { source: 'kap' },
    },
  ]);
  return { ok: true, record, summary, cached: false };
}

/** The newest `RecapGenerated` after revision `covers` that covers it (only Kap's own events follow it). */
async function storedRecap(store: EventStore, sessionId: string, covers: number): Promise<RecapRecord | undefined> {
  let found: RecapRecord | undefined;
  for await (const event of store.readStream(sessionStream(sessionId), { fromRevision: BigInt(covers + 1) })) {
    if (event.type !== RECAP_GENERATED) continue;
    const parsed = RecapRecordSchema.safeParse(event.data);
    if (parsed.success && parsed.data.sessionRevision === covers) found = parsed.data;
  }
  return found;
}
