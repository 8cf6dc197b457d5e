/**
 * A session id the ingest accepts can be read back on every route that takes one (issue #10); an id it
 * refuses is refused by every route with a clear 400, never a 414 or a 500. One rule decides both: the
 * `SessionId` schema (events/ingestBatch.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SESSION_ID_MAX_LENGTH } from '../events/ingestBatch.js';
import { rebuildProjection } from '../projections/rebuildProjection.js';
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createLinkSigner } from '../web/linkSigner.js';
import { registerWebRoutes } from '../web/webRoutes.js';
import { buildIngestApp } from './buildIngestApp.js';

const TOKEN = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

const ACCEPTED = [
  '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab',
  'a'.repeat(101),
  `b${'-'.repeat(SESSION_ID_MAX_LENGTH - 1)}`,
  'constructor',
  'toString',
  'hasOwnProperty',
  'x.png',
  'a..b',
  'A_b-9.z',
];
const REFUSED = [
  'c'.repeat(SESSION_ID_MAX_LENGTH + 1),
  'd'.repeat(10_000),
  'a/b',
  'a%2Fb',
  'a%b',
  'ünïcödé',
  '😀',
  '__proto__',
  '.',
  '..',
  '.hidden',
  '-x',
  'a b',
  'a\u0000b',
];

describe('session ids on every route', () => {
  let store: EventStore;
  let readModel: SessionReadModel;
  let app: FastifyInstance;
  const signer = createLinkSigner({ secret: 's'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, now: () => new Date() });

  beforeAll(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    readModel = createSqliteReadModel({ path: ':memory:' });
    app = buildIngestApp({ store, readModel, token: TOKEN, sessionLink: (id) => signer.sessionPageUrl(id) });
    registerWebRoutes(app, {
      readModel,
      signer,
      renderPage: async (summary) => `<p>${summary.sessionId}</p>`,
      renderCardPng: async () => Buffer.from('png'),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await readModel.close();
  });

  const ingest = (sessionId: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json', ...auth },
      payload: JSON.stringify({ sessionId, items: [{ kind: 'hook', observedAt: '2026-01-01T00:00:00Z', payload: { session_id: sessionId, hook_event_name: 'SessionStart', cwd: '/w' } }] }),
    });
  const path = (url: string) => url.slice('http://kap.test'.length);
  const segment = (id: string) => encodeURIComponent(id);
  const routes = (id: string) => {
    const e = segment(id);
    const signed = (url: string, prefix: string) => `${prefix}${e}${path(url).slice(prefix.length + encodeURIComponent(id).length)}`;
    return [
      { name: 'summary', url: `/v1/sessions/${e}`, headers: auth },
      { name: 'link', url: `/v1/sessions/${e}/link`, headers: auth },
      { name: 'page', url: signed(signer.sessionPageUrl(id), '/s/'), headers: {} },
      { name: 'card', url: signed(signer.cardImageUrl(id, 0), '/cards/'), headers: {} },
    ];
  };

  it.each(ACCEPTED)('stores %s and reads it back on every route', async (id) => {
    expect((await ingest(id)).statusCode).toBe(200);
    await rebuildProjection(store, sessionSummaryProjection, readModel);
    for (const route of routes(id)) {
      const response = await app.inject({ method: 'GET', url: route.url, headers: route.headers });
      expect({ route: route.name, status: response.statusCode }).toEqual({ route: route.name, status: 200 });
    }
    const summary = await app.inject({ method: 'GET', url: `/v1/sessions/${encodeURIComponent(id)}`, headers: auth });
    expect(summary.json().sessionId).toBe(id);
    const link = await app.inject({ method: 'GET', url: `/v1/sessions/${encodeURIComponent(id)}/link`, headers: auth });
    expect((await app.inject({ method: 'GET', url: path(link.json().url) })).statusCode).toBe(200);
    const listed = await app.inject({ method: 'GET', url: '/v1/sessions?limit=1000', headers: auth });
    expect(listed.json().sessions.map((s: { sessionId: string }) => s.sessionId)).toContain(id);
  });

  it.each(REFUSED.map((id) => [JSON.stringify(id.length > 40 ? `${id.slice(0, 12)}…(${id.length})` : id), id]))(
    'refuses %s at the ingest and on every route with a 400',
    async (_label, id) => {
      const ingested = await ingest(id);
      expect(ingested.statusCode).toBe(400);
      expect(ingested.json().error.code).toBe('INVALID_BATCH');
      for (const route of routes(id)) {
        const response = await app.inject({ method: 'GET', url: route.url, headers: route.headers });
        if (id === '.' || id === '..') {
          // A dot segment (even as %2E) is resolved by URL rules before any route sees it: no id can be one.
          // `/s/..` is `/`, the index (issue #13): it answers, as itself, never as a session.
          if (response.statusCode === 200) expect(response.body).toContain('aria-current="page">Sessions</a>');
          else expect([400, 404]).toContain(response.statusCode);
          continue;
        }
        expect({ route: route.name, status: response.statusCode }).toEqual({ route: route.name, status: 400 });
        if (route.name === 'summary' || route.name === 'link') expect(response.json().error.code).toBe('INVALID_SESSION_ID');
      }
    },
  );

  it('says 404, not 400, for a well-formed id Kap does not have', async () => {
    for (const route of routes('no-such-session')) {
      const response = await app.inject({ method: 'GET', url: route.url, headers: route.headers });
      expect({ route: route.name, status: response.statusCode }).toEqual({ route: route.name, status: 404 });
    }
  });
});
