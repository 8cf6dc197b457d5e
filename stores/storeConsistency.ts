/**
 * Does the event store still hold what the read models were built from? The read models (summaries,
 * timelines, their checkpoints) and the event store live apart — two SQLite files, or Redis and KurrentDB —
 * and one can be lost without the other: `events.db` deleted or restored from an older backup, a KurrentDB
 * volume recreated. Kap would then list sessions whose events are gone, and the projection runner would
 * skip every new event up to the old checkpoint. So at start (and in `kap doctor`) this compares them:
 *
 *   CHECKPOINT_AHEAD_OF_STORE  a projection's checkpoint is past the last event of the store
 *   SESSION_STREAMS_MISSING    sessions the read model lists have no stream at all
 *   SESSION_STREAMS_SHORTER    streams end before the revision the read model has folded
 *   CHECK_FAILED               a store could not be read to check (the check itself, not the data)
 *
 * What is right then is not for Kap to decide alone (restore the backup, or accept the loss): Kap keeps
 * running and storing new events, logs an error and reports `degraded` on `/healthz` with these problems
 * (ingest/healthRoute.ts). `kap projections rebuild` makes the read models match what the store holds.
 * A read model behind the store is not a problem: the projections catch up.
 */
import type { EventStore, Position } from './eventStore.js';
import { comparePositions, formatPosition, sessionStream } from './eventStore.js';
import type { SessionReadModel } from './sessionReadModel.js';

export type StoreProblemCode = 'CHECKPOINT_AHEAD_OF_STORE' | 'SESSION_STREAMS_MISSING' | 'SESSION_STREAMS_SHORTER' | 'CHECK_FAILED';

export interface StoreProblem {
  code: StoreProblemCode;
  /** What is wrong and what to do, for a person. */
  message: string;
  /** The sessions concerned (at most 20 named), for the stream problems. */
  sessionIds?: string[];
}

export type StoreConsistency =
  | { ok: true; checked: { sessions: number; checkpoints: number } }
  | { ok: false; problems: StoreProblem[] };

export interface StoreConsistencyInput {
  store: EventStore;
  /** The session summaries: the sessions Kap lists. */
  readModel: Pick<SessionReadModel, 'list'>;
  /** Every projection checkpoint to hold against the store, e.g. `session-summary` in the read model. */
  checkpoints: ReadonlyArray<{ name: string; source: { checkpoint(name: string): Promise<Position | undefined> } }>;
  /** How many sessions, most recent first, have their streams checked (one short read each). Default 200. */
  sampleSize?: number;
}

const REMEDY = 'restore the event store from a backup, or run `kap projections rebuild` (with Kap stopped) so the read models show only what the store still holds';
const NAMED = 20;

/**
 * Compares the read models with the event store. Never throws: a store that cannot be read is a
 * `CHECK_FAILED` problem. Reads each checkpoint, the store's last position, and the first event at the
 * folded revision of up to `sampleSize` recent sessions.
 */
export async function checkStoreConsistency(input: StoreConsistencyInput): Promise<StoreConsistency> {
  try {
    return await check(input);
  } catch (error) {
    return { ok: false, problems: [{ code: 'CHECK_FAILED', message: `could not compare the read models with the event store: ${(error as Error).message}` }] };
  }
}

async function check(input: StoreConsistencyInput): Promise<StoreConsistency> {
  const problems: StoreProblem[] = [];
  const last = await input.store.lastPosition();
  for (const { name, source } of input.checkpoints) {
    const checkpoint = await source.checkpoint(name);
    if (checkpoint && (!last || comparePositions(checkpoint, last) > 0)) {
      problems.push({
        code: 'CHECKPOINT_AHEAD_OF_STORE',
        message: `the ${name} checkpoint is at ${formatPosition(checkpoint)} but the event store ${last ? `ends at ${formatPosition(last)}` : 'is empty'}: the store lost events the read models were built from; ${REMEDY}`,
      });
    }
  }
  const sessions = await input.readModel.list({ limit: input.sampleSize ?? 200 });
  const missing: string[] = [];
  const shorter: string[] = [];
  for (const summary of sessions) {
    if (summary.revision < 0) continue;
    let atRevision = false;
    let any = false;
    for await (const _ of input.store.readStream(sessionStream(summary.sessionId), { fromRevision: BigInt(summary.revision), maxCount: 1 })) atRevision = true;
    if (atRevision) continue;
    for await (const _ of input.store.readStream(sessionStream(summary.sessionId), { maxCount: 1 })) any = true;
    (any ? shorter : missing).push(summary.sessionId);
  }
  if (missing.length > 0) {
    problems.push({
      code: 'SESSION_STREAMS_MISSING',
      message: `${missing.length} session(s) the read models list have no events in the store (${named(missing)}); ${REMEDY}`,
      sessionIds: missing.slice(0, NAMED),
    });
  }
  if (shorter.length > 0) {
    problems.push({
      code: 'SESSION_STREAMS_SHORTER',
      message: `${shorter.length} session stream(s) end before what the read models have folded (${named(shorter)}); ${REMEDY}`,
      sessionIds: shorter.slice(0, NAMED),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, checked: { sessions: sessions.length, checkpoints: input.checkpoints.length } };
}

function named(ids: readonly string[]): string {
  return ids.length > NAMED ? `${ids.slice(0, NAMED).join(', ')} …` : ids.join(', ');
}
