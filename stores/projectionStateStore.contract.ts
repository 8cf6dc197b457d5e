/**
 * The projection state-store contract suite: every adapter runs these tests (embedded SQLite; Redis, for
 * real, on 127.0.0.1:6379 or REDIS_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionStateStore } from '../projections/projection.js';

export interface TestState {
  sessionId: string;
  items: Array<{ kind: string; text: string }>;
  revision: number;
}

export const testStateId = (s: TestState) => s.sessionId;

export function describeStateStoreContract(name: string, open: () => ProjectionStateStore<TestState> & { close(): Promise<void> }): void {
  describe(`ProjectionStateStore contract: ${name}`, () => {
    let store: ProjectionStateStore<TestState> & { close(): Promise<void> };
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.reset('test');
      await store.close();
    });

    it('puts and gets states intact, unicode and large ones included', async () => {
      const big: TestState = { sessionId: 's1', items: [{ kind: 'prompt', text: 'é✓🚀'.repeat(50_000) }], revision: 7 };
      await store.commit([big, { sessionId: 's2', items: [], revision: 0 }], { name: 'test', position: { commit: 3n, prepare: 3n } });
      expect(await store.get('s1')).toEqual(big);
      expect((await store.get('s2'))?.revision).toBe(0);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('replaces a state and moves the checkpoint in the same commit', async () => {
      await store.commit([{ sessionId: 's1', items: [], revision: 9 }], { name: 'test', position: { commit: 12n, prepare: 11n } });
      expect((await store.get('s1'))?.revision).toBe(9);
      expect(await store.checkpoint('test')).toEqual({ commit: 12n, prepare: 11n });
      expect(await store.checkpoint('other')).toBeUndefined();
    });

    it('records the events a fold could not fold with the commit, once per event id, and counts them', async () => {
      const error = (eventId: string, projection = 'test') => ({ projection, eventId, stream: 'session-s1', revision: 4, message: 'boom', recordedAt: '2026-01-01T10:00:00.000Z' });
      await store.commit([], { name: 'test', position: { commit: 13n, prepare: 13n } }, [error('e1'), error('e2')]);
      await store.commit([], { name: 'test', position: { commit: 14n, prepare: 14n } }, [{ ...error('e1'), message: 'boom again', recordedAt: '2026-01-01T11:00:00.000Z' }]);
      await store.commit([], { name: 'other', position: { commit: 1n, prepare: 1n } }, [error('e1', 'other')]);
      expect(await store.countProjectionErrors('test')).toBe(2);
      expect(await store.countProjectionErrors()).toBe(3);
      const listed = await store.projectionErrors('test');
      expect(listed.map((e) => [e.eventId, e.message])).toEqual([['e1', 'boom again'], ['e2', 'boom']]);
      expect(listed[1]).toEqual(error('e2'));
      await store.reset('other');
      expect(await store.countProjectionErrors()).toBe(2);
    });

    it('forgets its states, checkpoint and errors on reset', async () => {
      await store.reset('test');
      expect(await store.get('s1')).toBeUndefined();
      expect(await store.checkpoint('test')).toBeUndefined();
      expect(await store.countProjectionErrors('test')).toBe(0);
    });
  });
}
