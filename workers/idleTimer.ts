/**
 * The idle timer: a running session with no new event for the configured quiet time becomes idle. A
 * scheduled job per running spell of a session (`idle-timers` queue, job id `idle-<sessionId>-<statusSince ms>`,
 * debounced: each commit of the session's summary restarts its delay), not a polling loop. When the job runs and the session is still
 * running at the revision it was scheduled for, it appends a `SessionIdled` event with that expected
 * revision, so any event that landed meanwhile wins (the append is refused and nothing happens).
 *
 * A session that is already quiet for more than twice the quiet time when its summary is committed (imported
 * history, or Kap was down) gets the same event at once, whatever its status: the fold then shows it ended at
 * its last activity rather than idle since now (projections/sessionHistory.ts).
 */
import { contentId } from '../events/eventIds.js';
import { SESSION_IDLED } from '../events/kapEventTypes.js';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.js';
import type { SessionFoldState, SessionSummary } from '../projections/sessionSummary.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

export const IDLE_TIMERS_QUEUE = 'idle-timers';

export interface IdleTimerJob {
  sessionId: string;
  /** The summary revision the timer was started at. */
  revision: number;
}

/**
 * Starts (or restarts) the idle timer of each running session among `summaries`. The delay is the quiet
 * time, shortened when the last activity is already older (an imported session is checked at once, and
 * shows ended at its last activity). Waiting or idle sessions already long quiet get one check at once.
 * `idleAfterMs` in ms; `now` injected for tests.
 */
export async function scheduleIdleTimers(jobs: JobQueue, summaries: Iterable<SessionSummary>, idleAfterMs: number, now: () => Date): Promise<void> {
  const nowMs = now().getTime();
  for (const s of summaries) {
    if (s.status === 'waiting' || s.status === 'idle') {
      // Already quiet for more than twice the quiet time when committed (an imported hook log, a catch-up
      // after Kap was down): one check at once, which records that nothing reports on it any more (the
      // summary then shows it ended at its last activity: projections/sessionHistory.ts). A live session's
      // waits and pauses are never that old when committed, so they get no job; nor does a commit of Kap's
      // own events only (a share or a recap of a session that is merely idle).
      const last = s.lastActivityAt ? Date.parse(s.lastActivityAt) : undefined;
      if (last === undefined || nowMs - last <= 2 * idleAfterMs || s.activityRevision !== s.revision) continue;
      await jobs.enqueue<IdleTimerJob>(IDLE_TIMERS_QUEUE, { sessionId: s.sessionId, revision: s.revision }, { jobId: `quiet-${s.sessionId}-${s.revision}`, delayMs: 0 });
      continue;
    }
    if (s.status !== 'running') continue;
    const last = s.lastActivityAt ? Date.parse(s.lastActivityAt) : nowMs;
    const delayMs = Math.max(0, Math.min(idleAfterMs, last + idleAfterMs - nowMs));
    // One timer per running spell (a finished job's id stays taken): debounced within the spell.
    const spell = s.statusSince ? Date.parse(s.statusSince) : 'unknown';
    await jobs.enqueue<IdleTimerJob>(
      IDLE_TIMERS_QUEUE,
      { sessionId: s.sessionId, revision: s.revision },
      { jobId: `idle-${s.sessionId}-${spell}`, delayMs, debounce: true },
    );
  }
}

/** The projection runner's `onCommitted` hook: restarts the timers of the committed running sessions. */
export function idleTimersOnCommit(jobs: JobQueue, idleAfterMs: number, now: () => Date, onError: (error: unknown) => void) {
  return (states: readonly SessionFoldState[]): void => {
    scheduleIdleTimers(
      jobs,
      states.map((s) => s.summary),
      idleAfterMs,
      now,
    ).catch(onError);
  };
}

/** The job: appends `SessionIdled` when the session is still running at the scheduled revision. */
export function idleTimerHandler(deps: { store: EventStore; readModel: SessionReadModel; idleAfterMs: number; now: () => Date }): JobHandler<IdleTimerJob> {
  return async ({ data }) => {
    const state = await deps.readModel.get(data.sessionId);
    const s = state?.summary;
    if (!s || s.revision !== data.revision) return;
    const quietMs = s.lastActivityAt ? deps.now().getTime() - Date.parse(s.lastActivityAt) : 0;
    if (s.status !== 'running' && !((s.status === 'waiting' || s.status === 'idle') && quietMs > 2 * deps.idleAfterMs)) return;
    await deps.store.append(
      sessionStream(s.sessionId),
      [
        {
          id: contentId({ sessionId: s.sessionId, revision: s.revision }, SESSION_IDLED),
          type: SESSION_IDLED,
          data: { idleAfterMs: deps.idleAfterMs, lastActivityAt: s.lastActivityAt, at: deps.now().toISOString() },
          metadata: { source: 'kap' },
        },
      ],
      // Refused (a returned value, not an error) when anything landed after the scheduled revision.
      { expectedRevision: BigInt(s.revision) },
    );
  };
}
