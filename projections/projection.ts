/**
 * A projection: a pure fold of one session stream's events into a state, and where its states and
 * checkpoint are kept. One runner (`projectionRunner.ts`) and one rebuild (`rebuildProjection.ts`) serve
 * every projection: the session summary (`sessionSummary.ts`), the session timeline (`sessionTimeline.ts`).
 */
import type { Position, RecordedEvent } from '../stores/eventStore.js';

export interface Projection<S> {
  /** The checkpoint's name, e.g. `session-summary`. */
  name: string;
  /** The state of a session before any event. */
  initial(sessionId: string): S;
  /**
   * Folds a session's events, in stream order, into a new state (the input is not mutated). Must ignore
   * events the state already covers (delivery is at least once).
   */
  fold(state: S, events: readonly RecordedEvent[]): S;
  sessionIdOf(state: S): string;
}

/**
 * An event a projection could not fold: skipped deliberately and recorded (the checkpoint then passes it),
 * unlike an event the projection ignores by design. Recorded once per projection and event id (a replay
 * records it again in place).
 */
export interface ProjectionError {
  /** The projection's name (its checkpoint), e.g. `session-summary`. */
  projection: string;
  eventId: string;
  /** The event's stream, e.g. `session-<id>`. */
  stream: string;
  /** The event's revision in its stream. */
  revision: number;
  /** What the fold threw (its message, or the thrown value as text). */
  message: string;
  /** When it was recorded (ISO 8601). */
  recordedAt: string;
}

/** Where a projection's states live, committed together with its checkpoint (one transaction). */
export interface ProjectionStateStore<S> {
  /** A session's state, or undefined when the projection has not seen the session. */
  get(sessionId: string): Promise<S | undefined>;
  /** Writes the states, records the events that could not be folded, and moves the named checkpoint, atomically. */
  commit(states: readonly S[], checkpoint: { name: string; position: Position }, errors?: readonly ProjectionError[]): Promise<void>;
  /** The named checkpoint, or undefined before the first commit. */
  checkpoint(name: string): Promise<Position | undefined>;
  /** Forgets every state, the named checkpoint and that projection's recorded errors (before a rebuild). */
  reset(checkpointName: string): Promise<void>;
  /** Recorded errors of one projection (or of every projection this store keeps), at most `limit` (default 100), newest first. */
  projectionErrors(projection?: string, limit?: number): Promise<ProjectionError[]>;
  /** How many errors are recorded for one projection, or for every projection this store keeps (what `kap doctor` counts). */
  countProjectionErrors(projection?: string): Promise<number>;
}
