/**
 * `GET /v1/sessions` over HTTP (Fastify inject) on a real embedded read model: `total` says how many match
 * beyond the limit, `prefix` finds sessions by the start of their id (literally), and a bad `limit`,
 * `prefix` or `repo` is a 400 with its own code instead of a quiet default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import type { EventStore } from '../stores/eventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { buildIngestApp } from './buildIngestApp.js';

const TOKEN = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

function state(id: string, repo: string | null, day: number): SessionFoldState {
  const s = initialSessionState(id);
  return { ...s, summary: { ...s.summary, repo, lastActivityAt: `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z` } };
}

describe('GET /v1/sessions', () => {
  let store: EventStore;
  let readModel: SessionReadModel;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    readModel = createSqliteReadModel({ path: ':memory:' });
    await readModel.commit(
      [state('aa11-one', 'acme/app', 1), state('aa22-two', 'acme/app', 2), state('ab33-three', 'acme/api', 3), state('a_c-four', null, 4)],
      { name: 'sessions', position: { commit: 1n, prepare: 1n } },
    );
    app = buildIngestApp({ store, readModel, token: TOKEN });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await readModel.close();
    await store.close();
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: auth });
    return { status: response.statusCode, body: response.json<{ sessions?: { sessionId: string }[]; total?: number; error?: { code: string; message: string } }>() };
  };
  const ids = (body: { sessions?: { sessionId: string }[] }) => body.sessions?.map((s) => s.sessionId);

  it('answers the sessions asked for and how many there are in all', async () => {
    const all = await get('/v1/sessions');
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(['a_c-four', 'ab33-three', 'aa22-two', 'aa11-one']);
    expect(all.body.total).toBe(4);
    const two = await get('/v1/sessions?limit=2');
    expect(ids(two.body)).toEqual(['a_c-four', 'ab33-three']);
    expect(two.body.total).toBe(4);
    expect((await get('/v1/sessions?repo=acme%2Fapp&limit=1')).body).toMatchObject({ total: 2, sessions: [{ sessionId: 'aa22-two' }] });
  });

  it('finds sessions by the start of their id, taken literally', async () => {
    expect((await get('/v1/sessions?prefix=aa')).body).toMatchObject({ total: 2, sessions: [{ sessionId: 'aa22-two' }, { sessionId: 'aa11-one' }] });
    expect((await get('/v1/sessions?prefix=ab3')).body).toMatchObject({ total: 1, sessions: [{ sessionId: 'ab33-three' }] });
    expect((await get('/v1/sessions?prefix=a_')).body).toMatchObject({ total: 1, sessions: [{ sessionId: 'a_c-four' }] });
    expect((await get('/v1/sessions?prefix=%25')).body).toEqual({ total: 0, sessions: [] });
    expect((await get('/v1/sessions?prefix=aa&repo=acme%2Fapi')).body).toEqual({ total: 0, sessions: [] });
  });

  it.each([
    ['limit=0', 'INVALID_LIMIT'],
    ['limit=-3', 'INVALID_LIMIT'],
    ['limit=abc', 'INVALID_LIMIT'],
    ['limit=2.5', 'INVALID_LIMIT'],
    ['limit=1001', 'INVALID_LIMIT'],
    ['limit=', 'INVALID_LIMIT'],
    ['limit=1&limit=2', 'INVALID_LIMIT'],
    ['prefix=', 'INVALID_PREFIX'],
    [`prefix=${'a'.repeat(129)}`, 'INVALID_PREFIX'],
    ['repo=a&repo=b', 'INVALID_REPO'],
  ])('refuses %s with 400 %s', async (query, code) => {
    const answer = await get(`/v1/sessions?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe(code);
  });

  it('takes the largest limit there is', async () => {
    expect((await get('/v1/sessions?limit=1000')).status).toBe(200);
  });
});
