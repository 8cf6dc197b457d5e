/**
 * The session page and card routes over app.inject: a signature of any encoding or length is a 403, never
 * a 500 (issue #10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createLinkSigner } from './linkSigner.js';
import { registerWebRoutes } from './webRoutes.js';

const SESSION = '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab';

describe('web routes', () => {
  let app: FastifyInstance;
  let readModel: SessionReadModel;
  const signer = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, now: () => new Date() });
  beforeAll(async () => {
    readModel = createSqliteReadModel({ path: ':memory:' });
    const state: SessionFoldState = initialSessionState(SESSION);
    await readModel.commit([state], { name: 'session-summary', position: { commit: 1n, prepare: 1n } });
    app = Fastify();
    registerWebRoutes(app, { readModel, signer, renderPage: async () => '<p>page</p>', renderCardPng: async () => Buffer.from('png') });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await readModel.close();
  });

  const pageUrl = new URL(signer.sessionPageUrl(SESSION));
  const cardUrl = new URL(signer.cardImageUrl(SESSION, 0));
  const withSig = (url: URL, sig: string) => {
    const copy = new URL(url);
    copy.searchParams.set('sig', sig);
    return `${copy.pathname}${copy.search}`;
  };

  it('serves signed links', async () => {
    expect((await app.inject(`${pageUrl.pathname}${pageUrl.search}`)).statusCode).toBe(200);
    expect((await app.inject(`${cardUrl.pathname}${cardUrl.search}`)).statusCode).toBe(200);
  });

  it.each([
    ['non-ASCII of the same length', (s: string) => `${s.slice(0, -1)}é`],
    ['all non-ASCII', () => 'é'.repeat(32)],
    ['an emoji', (s: string) => `${s.slice(0, -2)}😀`],
    ['shorter', (s: string) => s.slice(0, -1)],
    ['much longer', (s: string) => s.repeat(100)],
    ['a raw invalid percent escape', () => '%ZZ'],
  ])('answers 403 to a signature that is %s', async (_name, forge) => {
    for (const url of [pageUrl, cardUrl]) {
      const response = await app.inject(withSig(url, forge(url.searchParams.get('sig')!)));
      expect(response.statusCode).toBe(403);
    }
  });

  it('answers 403 to a raw non-ASCII byte in the query', async () => {
    for (const url of [pageUrl, cardUrl]) {
      const raw = `${url.pathname}?${url.search.slice(1).replace(/sig=[0-9a-f]{2}/, 'sig=\u00e9')}`;
      const response = await app.inject(raw);
      expect(response.statusCode).toBe(403);
    }
  });
});
