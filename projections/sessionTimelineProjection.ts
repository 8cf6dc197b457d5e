/** The session timeline as a projection (checkpoint `session-timeline`); states are whole documents. */
import type { Projection } from './projection.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';
import type { SessionTimeline } from './sessionTimeline.js';

export const sessionTimelineProjection: Projection<SessionTimeline> = {
  name: 'session-timeline',
  initial: initialTimeline,
  fold: (state, events) => foldTimelineEvents(state, events),
  sessionIdOf: (state) => state.sessionId,
};
