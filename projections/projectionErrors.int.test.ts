/**
 * An event a fold throws on is skipped and recorded (event id, stream, revision, message) — by the live
 * runner and by a rebuild alike — without losing the rest of its batch or session, and without the
 * checkpoint passing it silently. Real corpus sessions in a real embedded store; the poison is one event
 * of one session that the fold is made to throw on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { corpusStreams } from '../test/support/corpusStreams.js';
import type { Projection } from './projection.js';
import { startProjection } from './projectionRunner.js';
import { rebuildProjection } from './rebuildProjection.js';
import { foldSessionEvents, initialSessionState, sessionSummaryProjection } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

const POISONED = '55604662-cf2a-4331-851a-ec234028f8ca';
const POISON_REVISION = 7;

/** The summary projection, throwing on one event (as a fold bug would on a line it cannot take). */
const poisoned: Projection<SessionFoldState> = {
  ...sessionSummaryProjection,
  fold(state, events) {
    for (const e of events) {
      if (e.streamName === sessionStream(POISONED) && Number(e.revision) === POISON_REVISION && Number(e.revision) > state.summary.revision) throw new TypeError('cannot fold this line');
    }
    return sessionSummaryProjection.fold(state, events);
  },
};

describe('events a fold cannot take', () => {
  const store = createSqliteEventStore({ path: ':memory:' });
  let streams: Map<string, RecordedEvent[]>;
  /** Each session's summary folded without the poisoned event. */
  const expected = new Map<string, SessionFoldState>();

  beforeAll(async () => {
    streams = await corpusStreams(['spotter/short.jsonl', 'spotter/tool_heavy.jsonl', 'spotter/subagent.jsonl', 'fasthooks']);
    // Interleave the sessions' appends, so batches hold several sessions.
    const queues = [...streams].map(([id, events]) => ({ id, events: [...events] }));
    while (queues.some((q) => q.events.length > 0)) {
      for (const q of queues) {
        const chunk = q.events.splice(0, 5);
        if (chunk.length > 0) await store.append(sessionStream(q.id), chunk.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })));
      }
    }
    for (const [id, events] of streams) {
      expected.set(id, foldSessionEvents(initialSessionState(id), events.filter((e) => !(id === POISONED && Number(e.revision) === POISON_REVISION))));
    }
  }, 60_000);
  afterAll(() => store.close());

  const check = async (readModel: ReturnType<typeof createSqliteReadModel>) => {
    for (const [id, state] of expected) expect(JSON.stringify(await readModel.get(id)), id).toBe(JSON.stringify(state));
    expect(await readModel.countProjectionErrors()).toBe(1);
    const [error] = await readModel.projectionErrors('session-summary');
    const poison = streams.get(POISONED)![POISON_REVISION]!;
    expect(error).toMatchObject({ projection: 'session-summary', eventId: poison.id, stream: sessionStream(POISONED), revision: POISON_REVISION, message: 'TypeError: cannot fold this line' });
  };

  it('a rebuild skips and records the event, folds everything else, and finishes (small batches, states read back)', async () => {
    const readModel = createSqliteReadModel({ path: ':memory:' });
    try {
      const report = await rebuildProjection(store, poisoned, readModel, { batchSize: 7, cacheSize: 1 });
      expect(report).toMatchObject({ events: [...streams.values()].reduce((n, e) => n + e.length, 0), sessions: streams.size, errors: 1 });
      expect(await readModel.checkpoint('session-summary')).toEqual(report.position);
      await check(readModel);
    } finally {
      await readModel.close();
    }
  });

  it('the live runner does the same, and reports what was thrown', async () => {
    const readModel = createSqliteReadModel({ path: ':memory:' });
    const thrown: Array<{ error: unknown; event?: RecordedEvent }> = [];
    try {
      const runner = await startProjection({ store, projection: poisoned, states: readModel, batchSize: 11, onError: (error, event) => thrown.push({ error, ...(event ? { event } : {}) }) });
      const end = (await store.lastPosition())!;
      const deadline = Date.now() + 20_000;
      while (((await readModel.checkpoint('session-summary'))?.commit ?? -1n) < end.commit && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await runner.stop();
      await check(readModel);
      expect(thrown.map((t) => [(t.error as Error).message, t.event?.revision])).toEqual([['cannot fold this line', BigInt(POISON_REVISION)]]);
    } finally {
      await readModel.close();
    }
  });
});
