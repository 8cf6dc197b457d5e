/**
 * The session page and card routes over app.inject, with no Slack: a signature of any encoding or length is
 * a 403, never a 500 (issue #10), for a request from elsewhere (from this machine the page needs none);
 * card URLs expire and are bound to their revision (issue #11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { CARD_LINK_TTL_MS, createLinkSigner } from './linkSigner.js';
import { registerWebRoutes } from './webRoutes.js';

const SESSION = '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab';
/** The revision of the summary the read model holds (a session with no events yet). */
const REVISION = initialSessionState(SESSION).summary.revision;

describe('web routes', () => {
  let app: FastifyInstance;
  let readModel: SessionReadModel;
  let clock = new Date();
  const signer = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, now: () => clock });
  // A request that did not come from this machine (from this machine the page opens without a signature).
  const ELSEWHERE = '203.0.113.9';
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
  const cardUrl = new URL(signer.cardImageUrl(SESSION, REVISION));
  const withSig = (url: URL, sig: string) => {
    const copy = new URL(url);
    copy.searchParams.set('sig', sig);
    return `${copy.pathname}${copy.search}`;
  };

  it('serves signed links', async () => {
    expect((await app.inject({ url: `${pageUrl.pathname}${pageUrl.search}`, remoteAddress: ELSEWHERE })).statusCode).toBe(200);
    expect((await app.inject({ url: `${cardUrl.pathname}${cardUrl.search}`, remoteAddress: ELSEWHERE })).statusCode).toBe(200);
  });

  it('opens the page without a signature from this machine only: not through a proxy, not under another host name', async () => {
    expect((await app.inject({ url: `/s/${SESSION}`, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:7878' } })).statusCode).toBe(200);
    expect((await app.inject({ url: `/s/${SESSION}`, remoteAddress: '::1', headers: { host: 'localhost:7878' } })).statusCode).toBe(200);
    expect((await app.inject({ url: `/s/${SESSION}`, remoteAddress: ELSEWHERE })).statusCode).toBe(403);
    expect((await app.inject({ url: `/s/${SESSION}`, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': ELSEWHERE } })).statusCode).toBe(403);
    expect((await app.inject({ url: `/s/${SESSION}`, remoteAddress: '127.0.0.1', headers: { host: 'rebound.example:7878' } })).statusCode).toBe(403);
  });

  it('refuses a card URL once it has expired, or for a revision the session has not reached', async () => {
    const made = clock;
    const at = (url: URL) => `${url.pathname}${url.search}`;
    const fresh = new URL(signer.cardImageUrl(SESSION, REVISION));
    const older = new URL(signer.cardImageUrl(SESSION, REVISION - 1));
    const ahead = new URL(signer.cardImageUrl(SESSION, REVISION + 1));
    expect((await app.inject(at(fresh))).statusCode).toBe(200);
    expect((await app.inject(at(older))).statusCode).toBe(200);
    expect((await app.inject(at(ahead))).statusCode).toBe(404);
    clock = new Date(made.getTime() + CARD_LINK_TTL_MS + 1000);
    expect((await app.inject(at(fresh))).statusCode).toBe(403);
    clock = made;
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
      const response = await app.inject({ url: withSig(url, forge(url.searchParams.get('sig')!)), remoteAddress: ELSEWHERE });
      expect(response.statusCode).toBe(403);
    }
  });

  it('answers 403 to a raw non-ASCII byte in the query', async () => {
    for (const url of [pageUrl, cardUrl]) {
      const raw = `${url.pathname}?${url.search.slice(1).replace(/sig=[0-9a-f]{2}/, 'sig=\u00e9')}`;
      const response = await app.inject({ url: raw, remoteAddress: ELSEWHERE });
      expect(response.statusCode).toBe(403);
    }
  });
});
