/**
 * Folds a session's events so that one event the fold cannot take costs only that event: the batch is folded
 * whole, and if that throws, event by event, each event that throws being skipped and returned as a
 * `ProjectionError` to record. The fold is pure (its input state is never mutated), so a throw leaves the
 * state as it was before that event; later events still fold (their revisions are higher).
 */
import type { RecordedEvent } from '../stores/eventStore.js';
import type { Projection, ProjectionError } from './projection.js';

export interface IsolatedFold<S> {
  state: S;
  /** The events skipped, as they are recorded. */
  errors: ProjectionError[];
  /** What each skipped event threw, in the same order as `errors` (for logs). */
  thrown: Array<{ event: RecordedEvent; error: unknown }>;
}

/** `now` dates the errors (injected for tests). */
export function foldIsolated<S>(projection: Projection<S>, state: S, events: readonly RecordedEvent[], now: () => Date = () => new Date()): IsolatedFold<S> {
  try {
    return { state: projection.fold(state, events), errors: [], thrown: [] };
  } catch {
    let current = state;
    const errors: ProjectionError[] = [];
    const thrown: Array<{ event: RecordedEvent; error: unknown }> = [];
    for (const event of events) {
      try {
        current = projection.fold(current, [event]);
      } catch (error) {
        thrown.push({ event, error });
        errors.push({
          projection: projection.name,
          eventId: event.id,
          stream: event.streamName,
          revision: Number(event.revision),
          message: messageOf(error),
          recordedAt: now().toISOString(),
        });
      }
    }
    return { state: current, errors, thrown };
  }
}

/** A thrown value as text, at most 1,000 characters (a message can quote a whole line). */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
