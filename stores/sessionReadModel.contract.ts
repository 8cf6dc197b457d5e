/**
 * The session read-model contract suite: every adapter runs these tests (embedded SQLite; Redis, for real,
 * on 127.0.0.1:6379 or REDIS_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import type { SessionReadModel } from './sessionReadModel.js';

function state(id: string, repo: string | null, lastActivityAt: string | null, extra: Partial<SessionFoldState['summary']> = {}): SessionFoldState {
  const s = initialSessionState(id);
  return { ...s, summary: { ...s.summary, repo, lastActivityAt, ...extra }, toolUseIds: { t1: 'Bash' } };
}

export function describeReadModelContract(name: string, open: () => Promise<SessionReadModel> | SessionReadModel): void {
  describe(`SessionReadModel contract: ${name}`, () => {
    let model: SessionReadModel;
    beforeAll(async () => {
      model = await open();
    });
    afterAll(async () => {
      await model.reset('test');
      await model.close();
    });

    it('puts and gets a session state, summary and internals intact', async () => {
      const s = state('s1', 'acme/app', '2025-12-31T10:00:00.000Z', { prompts: 3, tools: { Bash: 2 } });
      await model.commit([s], { name: 'test', position: { commit: 5n, prepare: 5n } });
      expect(await model.get('s1')).toEqual(s);
      expect(await model.get('nope')).toBeUndefined();
    });

    it('stores the checkpoint with the write', async () => {
      await model.commit([state('s2', null, null)], { name: 'test', position: { commit: 9n, prepare: 8n } });
      expect(await model.checkpoint('test')).toEqual({ commit: 9n, prepare: 8n });
      expect(await model.checkpoint('other')).toBeUndefined();
      await model.commit([], { name: 'test', position: { commit: 10n, prepare: 10n } });
      expect(await model.checkpoint('test')).toEqual({ commit: 10n, prepare: 10n });
    });

    it('lists by recent activity and by repo, and moves a session whose repo changes', async () => {
      await model.commit(
        [
          state('a', 'acme/app', '2026-01-01T10:00:00.000Z'),
          state('b', 'acme/api', '2026-01-02T10:00:00.000Z'),
          state('c', 'acme/app', '2026-01-03T10:00:00.000Z'),
        ],
        { name: 'test', position: { commit: 20n, prepare: 20n } },
      );
      const recent = await model.list({ limit: 3 });
      expect(recent.map((s) => s.sessionId)).toEqual(['c', 'b', 'a']);
      expect((await model.list({ repo: 'acme/app' })).map((s) => s.sessionId)).toEqual(['c', 'a', 's1']);
      await model.commit([state('a', 'acme/api', '2026-01-04T10:00:00.000Z')], { name: 'test', position: { commit: 21n, prepare: 21n } });
      expect((await model.list({ repo: 'acme/app' })).map((s) => s.sessionId)).toEqual(['c', 's1']);
      expect((await model.list({ repo: 'acme/api' })).map((s) => s.sessionId)).toEqual(['a', 'b']);
      expect((await model.list({ limit: 1 }))[0]!.sessionId).toBe('a');
    });

    it('records the events a fold could not fold with the commit and counts them; a reset keeps other projections\' errors', async () => {
      const error = (eventId: string, projection = 'test') => ({ projection, eventId, stream: 'session-a', revision: 2, message: 'boom', recordedAt: '2026-01-01T10:00:00.000Z' });
      await model.commit([], { name: 'test', position: { commit: 22n, prepare: 22n } }, [error('e1'), error('e1'), error('e2')]);
      await model.commit([], { name: 'other', position: { commit: 1n, prepare: 1n } }, [error('e9', 'other')]);
      expect(await model.countProjectionErrors('test')).toBe(2);
      expect(await model.countProjectionErrors()).toBe(3);
      expect((await model.projectionErrors('test')).map((e) => e.eventId).sort()).toEqual(['e1', 'e2']);
      await model.reset('other');
      expect(await model.countProjectionErrors()).toBe(2);
    });

    it('lists and counts sessions by id prefix, the prefix taken literally (no wildcards, case counts)', async () => {
      const odd = ['p%c', 'p_c', 'p*c', 'p?c', 'p[x]c', 'p\\c', 'PABC-3'];
      await model.commit(
        [
          state('pabc-1', 'acme/web', '2026-02-01T10:00:00.000Z'),
          state('pabc-2', 'acme/web', '2026-02-03T10:00:00.000Z'),
          state('pabd-1', null, '2026-02-02T10:00:00.000Z'),
          ...odd.map((id) => state(id, null, null)),
        ],
        { name: 'test', position: { commit: 30n, prepare: 30n } },
      );
      const ids = async (query: Parameters<SessionReadModel['list']>[0]) => (await model.list(query)).map((s) => s.sessionId);
      expect(await ids({ idPrefix: 'pabc' })).toEqual(['pabc-2', 'pabc-1']);
      expect(await ids({ idPrefix: 'pab' })).toEqual(['pabc-2', 'pabd-1', 'pabc-1']);
      expect(await ids({ idPrefix: 'pabc', limit: 1 })).toEqual(['pabc-2']);
      expect(await ids({ idPrefix: 'pabc-1' })).toEqual(['pabc-1']);
      expect(await ids({ idPrefix: 'pabc', repo: 'acme/web' })).toEqual(['pabc-2', 'pabc-1']);
      expect(await ids({ idPrefix: 'pabd', repo: 'acme/web' })).toEqual([]);
      for (const id of odd) expect(await ids({ idPrefix: id.slice(0, 2) }), id).toEqual([id]);
      expect(await ids({ idPrefix: 'PA' })).toEqual(['PABC-3']);
      expect(await ids({ idPrefix: 'q' })).toEqual([]);

      expect(await model.count({ idPrefix: 'pab' })).toBe(3);
      expect(await model.count({ idPrefix: 'p' })).toBe(3 + odd.length - 1);
      expect(await model.count({ idPrefix: '%' })).toBe(0);
      expect(await model.count({ idPrefix: '*' })).toBe(0);
      expect(await model.count({ repo: 'acme/web' })).toBe(2);
      expect(await model.count({ repo: 'acme/web', idPrefix: 'pabc-2' })).toBe(1);
      expect(await model.count()).toBe((await model.list({ limit: 1000 })).length);
      expect(await model.count()).toBe(3 + odd.length); // the reset of 'other' above forgot the earlier sessions
    });

    it('forgets everything, the checkpoint and its errors on reset', async () => {
      await model.reset('test');
      expect(await model.countProjectionErrors()).toBe(0);
      expect(await model.get('a')).toBeUndefined();
      expect(await model.list()).toEqual([]);
      expect(await model.count()).toBe(0);
      expect(await model.checkpoint('test')).toBeUndefined();
    });
  });
}
