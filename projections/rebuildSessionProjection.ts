/**
 * Recomputes every session summary from the streams: forgets the read model and its checkpoint, folds the
 * whole `$all` log (session streams only) with the same reducer as the live projection, and commits the
 * states with the position of the last event. Run it while no projection runner writes the same read model.
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { SESSION_SUMMARY_CHECKPOINT } from './projectionRunner.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

export interface RebuildReport {
  events: number;
  sessions: number;
  position: Position | undefined;
}

/** Rebuilds the session summaries. `batchSize` events are folded per commit (default 5000). */
export async function rebuildSessionProjection(store: EventStore, readModel: SessionReadModel, batchSize = 5000): Promise<RebuildReport> {
  await readModel.reset(SESSION_SUMMARY_CHECKPOINT);
  const states = new Map<string, SessionFoldState>();
  let pending = new Map<string, RecordedEvent[]>();
  let count = 0;
  let position: Position | undefined;
  const commit = async () => {
    const touched: SessionFoldState[] = [];
    for (const [sessionId, events] of pending) {
      const state = foldSessionEvents(states.get(sessionId) ?? initialSessionState(sessionId), events);
      states.set(sessionId, state);
      touched.push(state);
    }
    pending = new Map();
    if (position) await readModel.commit(touched, { name: SESSION_SUMMARY_CHECKPOINT, position });
  };
  for await (const event of store.readAll({ streamNamePrefix: SESSION_STREAM_PREFIX })) {
    const sessionId = event.streamName.slice(SESSION_STREAM_PREFIX.length);
    const events = pending.get(sessionId);
    if (events) events.push(event);
    else pending.set(sessionId, [event]);
    position = event.position;
    count += 1;
    if (count % batchSize === 0) await commit();
  }
  await commit();
  return { events: count, sessions: states.size, position };
}
