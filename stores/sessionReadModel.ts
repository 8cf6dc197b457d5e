/**
 * The read-model port: session summaries as projections keep them, and the projection's checkpoint,
 * written together so a crash never leaves a summary ahead of (or behind) its checkpoint.
 * Adapters: embedded SQLite (`sqliteReadModel.ts`) and Redis (`redisReadModel.ts`).
 */
import type { ProjectionError } from '../projections/projection.js';
import type { SessionFoldState, SessionSummary } from '../projections/sessionSummary.js';
import type { Position } from './eventStore.js';

export interface SessionQuery {
  /** Only sessions of this `owner/name` repo. */
  repo?: string;
  /**
   * Only sessions whose id starts with this text, taken literally: `%`, `_`, `*`, `?` and `[` are characters
   * to match, never wildcards (it comes from whoever types `kap show <prefix>`).
   */
  idPrefix?: string;
  /** At most this many, most recent activity first. Default 50. */
  limit?: number;
}

export interface SessionReadModel {
  /** The fold state of a session, or undefined when the projection has not seen it. */
  get(sessionId: string): Promise<SessionFoldState | undefined>;
  /** Writes the states, records the events that could not be folded, and moves the named checkpoint, atomically. */
  commit(states: readonly SessionFoldState[], checkpoint: { name: string; position: Position }, errors?: readonly ProjectionError[]): Promise<void>;
  /** The named projection checkpoint, or undefined before the first commit. */
  checkpoint(name: string): Promise<Position | undefined>;
  /** Summaries, most recent activity first. */
  list(query?: SessionQuery): Promise<SessionSummary[]>;
  /** How many sessions `list` would give for the query without its limit. */
  count(query?: Omit<SessionQuery, 'limit'>): Promise<number>;
  /** Forgets every session, the named checkpoint and that projection's recorded errors (before a rebuild). */
  reset(checkpointName: string): Promise<void>;
  /** Recorded errors of one projection (or of every projection kept here), at most `limit` (default 100), newest first. */
  projectionErrors(projection?: string, limit?: number): Promise<ProjectionError[]>;
  /** How many errors are recorded for one projection, or for every projection kept here (what `kap doctor` counts). */
  countProjectionErrors(projection?: string): Promise<number>;
  close(): Promise<void>;
}
