/** What the projections publish on the session feed (stores/sessionFeed.ts) after each commit. */
import type { SessionChange } from '../stores/sessionFeed.js';
import type { SessionFoldState } from './sessionSummary.js';
import type { SessionTimeline } from './sessionTimeline.js';

/** One change per committed summary: its revision, status and last activity. */
export function summaryChanges(states: readonly SessionFoldState[]): SessionChange[] {
  return states.map(({ summary }) => ({
    sessionId: summary.sessionId,
    projection: 'session-summary',
    revision: summary.revision,
    status: summary.status,
    lastActivityAt: summary.lastActivityAt,
  }));
}

/** One change per committed timeline: its revision. */
export function timelineChanges(states: readonly SessionTimeline[]): SessionChange[] {
  return states.map((t) => ({ sessionId: t.sessionId, projection: 'session-timeline', revision: t.revision }));
}
