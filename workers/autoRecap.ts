/**
 * Automatic handoff (KAP_AUTO_RECAP_AFTER_S): when a session that was shared in a channel then ends, or goes
 * idle and stays so that long, its recap is posted in the thread where it was shared, once per state of the work: one job per
 * (session, activity revision), skipped when a recap already covers that state or the session moved on.
 */
import type { JobQueue } from '../jobs/jobQueue.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { RECAPS_QUEUE } from './recapJob.js';
import type { RecapJob } from './recapJob.js';

/** Schedules the auto recaps of the quiet, shared sessions among `summaries`; `afterMs` in ms. */
export async function scheduleAutoRecaps(jobs: JobQueue, summaries: Iterable<SessionSummary>, afterMs: number): Promise<void> {
  for (const s of summaries) {
    const shared = s.sharedIn.at(-1);
    if (!shared || (s.status !== 'idle' && s.status !== 'ended')) continue;
    if (s.lastRecap?.coversRevision === s.activityRevision) continue;
    // Only a session that went quiet after it was shared (a Slack ts is seconds since the epoch).
    if (!s.statusSince || Date.parse(s.statusSince) <= Number(shared.messageTs) * 1000) continue;
    const job: RecapJob = { kind: 'auto', session: { kind: 'session', sessionId: s.sessionId }, channel: shared.channel, threadTs: null, requestedBy: '', teammate: null, coversRevision: s.activityRevision };
    await jobs.enqueue<RecapJob>(RECAPS_QUEUE, job, {
      jobId: `auto-recap-${s.sessionId}-${s.activityRevision}`,
      orderingKey: s.sessionId,
      delayMs: s.status === 'ended' ? 0 : afterMs,
      attempts: 3,
      backoffMs: 2000,
    });
  }
}
