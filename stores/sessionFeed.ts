/**
 * The session feed: "this session's projections moved on", from the projections (which commit) to whoever
 * shows sessions live (the web index's status dots, a session page's live follow, over server-sent events).
 * Best effort and in the moment: a change published while nobody listens is not kept; a subscriber that
 * missed one reads the read models again (they are the truth, the feed only says when to look).
 * Adapters: in-process (`inProcessSessionFeed.ts`, the embedded default) and Redis pub/sub
 * (`redisSessionFeed.ts`, roles in separate processes); both pass `sessionFeed.contract.ts`.
 */
import type { SessionStatus } from '../projections/sessionSummary.js';

/** One projection's commit for one session. */
export interface SessionChange {
  sessionId: string;
  /** The projection that committed: its checkpoint name. */
  projection: 'session-summary' | 'session-timeline';
  /** The stream revision the projection's state now covers. */
  revision: number;
  /** The session's status (summary changes only). */
  status?: SessionStatus;
  /** ISO time of the session's last activity (summary changes only). */
  lastActivityAt?: string | null;
}

export interface SessionFeed {
  /** Sends changes to every current subscriber (in order). Never throws: a lost change is a late dot, not an error. */
  publish(changes: readonly SessionChange[]): Promise<void>;
  /**
   * Calls `listener` with each change published from now on, in publish order, until the returned function
   * is called. A listener that throws is isolated (the others still get the change).
   */
  subscribe(listener: (change: SessionChange) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
