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

/** Where a projection's states live, committed together with its checkpoint (one transaction). */
export interface ProjectionStateStore<S> {
  /** A session's state, or undefined when the projection has not seen the session. */
  get(sessionId: string): Promise<S | undefined>;
  /** Writes the states and moves the named checkpoint, atomically. */
  commit(states: readonly S[], checkpoint: { name: string; position: Position }): Promise<void>;
  /** The named checkpoint, or undefined before the first commit. */
  checkpoint(name: string): Promise<Position | undefined>;
  /** Forgets every state and the named checkpoint (before a rebuild). */
  reset(checkpointName: string): Promise<void>;
}
