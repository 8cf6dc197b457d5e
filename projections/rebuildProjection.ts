/**
 * Recomputes a projection from the streams: forgets its states and checkpoint, folds the whole `$all` log
 * (session streams only) with the same reducer as the live runner, and commits the states with the position
 * of the last event. Run it while no runner writes the same states.
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import type { Projection, ProjectionStateStore } from './projection.js';

export interface RebuildReport {
  events: number;
  sessions: number;
  position: Position | undefined;
}

/** Rebuilds one projection; `batchSize` events are folded per commit (default 5000). */
export async function rebuildProjection<S>(
  store: EventStore,
  projection: Projection<S>,
  states: ProjectionStateStore<S>,
  batchSize = 5000,
): Promise<RebuildReport> {
  await states.reset(projection.name);
  const current = new Map<string, S>();
  let pending = new Map<string, RecordedEvent[]>();
  let count = 0;
  let position: Position | undefined;
  const commit = async () => {
    const touched: S[] = [];
    for (const [sessionId, events] of pending) {
      const state = projection.fold(current.get(sessionId) ?? projection.initial(sessionId), events);
      current.set(sessionId, state);
      touched.push(state);
    }
    pending = new Map();
    if (position) await states.commit(touched, { name: projection.name, position });
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
  return { events: count, sessions: current.size, position };
}
