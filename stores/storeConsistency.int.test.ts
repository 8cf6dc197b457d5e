/**
 * A store that lost events the read models have seen is reported, not served as if whole (issue #10).
 */
import { describe, expect, it } from 'vitest';
import type { Position } from './eventStore.js';
import { sessionStream } from './eventStore.js';
import { createSqliteEventStore } from './sqliteEventStore.js';
import { createSqliteReadModel } from './sqliteReadModel.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import { checkStoreConsistency } from './storeConsistency.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const events = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: id(from + i), type: 'Stop', data: { n: from + i } }));
const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });
/** A summary state as the projection leaves it after folding a stream up to `revision`. */
const folded = (sessionId: string, revision: number): SessionFoldState => {
  const state = initialSessionState(sessionId);
  return { ...state, summary: { ...state.summary, revision, lastActivityAt: `2026-01-01T00:00:0${revision}Z` } };
};

async function setUp(options: { stored: Record<string, number>; seen: Record<string, number>; checkpoint?: number }) {
  const store = createSqliteEventStore({ path: ':memory:' });
  let n = 1;
  for (const [session, count] of Object.entries(options.stored)) {
    await store.append(sessionStream(session), events(n, count));
    n += count;
  }
  const readModel = createSqliteReadModel({ path: ':memory:' });
  const states = Object.entries(options.seen).map(([session, revision]) => folded(session, revision));
  if (options.checkpoint !== undefined) await readModel.commit(states, { name: 'session-summary', position: at(options.checkpoint) });
  const check = () => checkStoreConsistency({ store, readModel, checkpoints: [{ name: 'session-summary', source: readModel }] });
  return { store, readModel, check };
}

describe('checkStoreConsistency', () => {
  it('is ok when the read models match the store, and on a fresh install', async () => {
    const whole = await setUp({ stored: { a: 3, b: 2 }, seen: { a: 2, b: 1 }, checkpoint: 5 });
    expect(await whole.check()).toMatchObject({ ok: true });
    const behind = await setUp({ stored: { a: 3, b: 2 }, seen: { a: 1 }, checkpoint: 2 });
    expect(await behind.check()).toMatchObject({ ok: true });
    const fresh = await setUp({ stored: {}, seen: {} });
    expect(await fresh.check()).toEqual({ ok: true, checked: { sessions: 0, checkpoints: 1 } });
  });

  it('reports an event store that lost everything while the read models list sessions', async () => {
    const { check } = await setUp({ stored: {}, seen: { a: 2, b: 1 }, checkpoint: 5 });
    const result = await check();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.code).sort()).toEqual(['CHECKPOINT_AHEAD_OF_STORE', 'SESSION_STREAMS_MISSING']);
    const missing = result.problems.find((p) => p.code === 'SESSION_STREAMS_MISSING')!;
    expect(missing.sessionIds?.sort()).toEqual(['a', 'b']);
    for (const problem of result.problems) expect(problem.message).toMatch(/kap projections rebuild|backup/);
  });

  it('reports streams shorter than the read model has folded', async () => {
    const { check } = await setUp({ stored: { a: 3, b: 1 }, seen: { a: 2, b: 1 }, checkpoint: 4 });
    const result = await check();
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'SESSION_STREAMS_SHORTER', sessionIds: ['b'] }] });
  });

  it('reports a checkpoint past the end of the store even when every listed stream is there', async () => {
    const { check } = await setUp({ stored: { a: 3 }, seen: { a: 2 }, checkpoint: 9 });
    expect(await check()).toMatchObject({ ok: false, problems: [{ code: 'CHECKPOINT_AHEAD_OF_STORE' }] });
  });

  it('returns a problem instead of throwing when a store cannot be read', async () => {
    const { store, readModel, check } = await setUp({ stored: { a: 1 }, seen: { a: 0 }, checkpoint: 1 });
    await store.close();
    expect(await check()).toMatchObject({ ok: false, problems: [{ code: 'CHECK_FAILED' }] });
    await readModel.close();
  });
});
