/**
 * Recomputes a projection from the streams: forgets its states, checkpoint and recorded errors, folds the
 * whole `$all` log (session streams only) with the same reducer as the live runner, and commits every
 * `batchSize` events with the position of the last one.
 *
 * Memory stays flat as the store grows: only the batch being folded and a few recently folded states are
 * held; a session that comes back in a later batch has its state read back from the store (the summary of a
 * long session spans many batches, each of a thousand sessions does not). An event the fold throws on is
 * skipped and recorded as a projection error (foldIsolated.ts): one bad line or session never stops the
 * rebuild half way. Store failures do stop it (run it again: it starts over). Run it while no runner writes
 * the same states.
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import { foldIsolated } from './foldIsolated.js';
import type { Projection, ProjectionError, ProjectionStateStore } from './projection.js';

export interface RebuildReport {
  events: number;
  sessions: number;
  position: Position | undefined;
  /** Events skipped because the fold threw on them (recorded in the store: `projectionErrors`). */
  errors: number;
  /** The first few of them, for the command's report. */
  firstErrors: ProjectionError[];
}

export interface RebuildOptions {
  /** Events folded per commit. Default 5000. */
  batchSize?: number;
  /** States of recently folded sessions kept between commits (so a busy session is not read back each batch). Default 64. */
  cacheSize?: number;
  /** Dates the recorded errors. */
  now?: () => Date;
}

/** Rebuilds one projection. Throws only when the event store or the state store fails. */
export async function rebuildProjection<S>(
  store: EventStore,
  projection: Projection<S>,
  states: ProjectionStateStore<S>,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const batchSize = options.batchSize ?? 5000;
  const cacheSize = options.cacheSize ?? 64;
  await states.reset(projection.name);
  const recent = new Map<string, S>();
  const sessions = new Set<string>();
  let pending = new Map<string, RecordedEvent[]>();
  let pendingCount = 0;
  let count = 0;
  let errorCount = 0;
  const firstErrors: ProjectionError[] = [];
  let position: Position | undefined;

  const commit = async () => {
    if (position === undefined) return;
    const touched: S[] = [];
    const errors: ProjectionError[] = [];
    for (const [sessionId, events] of pending) {
      const base = recent.get(sessionId) ?? (await states.get(sessionId)) ?? projection.initial(sessionId);
      const folded = foldIsolated(projection, base, events, options.now);
      recent.delete(sessionId);
      recent.set(sessionId, folded.state);
      if (recent.size > cacheSize) recent.delete(recent.keys().next().value as string);
      touched.push(folded.state);
      errors.push(...folded.errors);
    }
    pending = new Map();
    pendingCount = 0;
    await states.commit(touched, { name: projection.name, position }, errors);
    errorCount += errors.length;
    firstErrors.push(...errors.slice(0, Math.max(0, 10 - firstErrors.length)));
  };

  for await (const event of store.readAll({ streamNamePrefix: SESSION_STREAM_PREFIX })) {
    const sessionId = event.streamName.slice(SESSION_STREAM_PREFIX.length);
    sessions.add(sessionId);
    const events = pending.get(sessionId);
    if (events) events.push(event);
    else pending.set(sessionId, [event]);
    position = event.position;
    count += 1;
    pendingCount += 1;
    if (pendingCount >= batchSize) await commit();
  }
  await commit();
  return { events: count, sessions: sessions.size, position, errors: errorCount, firstErrors };
}
