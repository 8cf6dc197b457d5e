/**
 * `GET /search` with Slack configured (app.inject): nobody signed in is sent to sign in and comes back to the
 * same search; a signed-in person sees only the sessions the read rule lets them read, each linked at its
 * anchor, every text escaped; without Slack a request from this machine reads as the local user.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../access/access.js';
import { createSessionGate } from '../access/sessionGate.js';
import { createVisibilityPolicy } from '../access/visibilityPolicy.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import { foldSearchDocs, initialSearchState } from '../search/searchDocs.js';
import type { SearchIndex } from '../search/searchIndex.js';
import { transcriptEvents, userLine } from '../stores/searchIndex.contract.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createSqliteSearchIndex } from '../stores/sqliteSearchIndex.js';
import { createSqliteWebSessions } from '../stores/sqliteWebSessions.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { createLinkSigner } from './linkSigner.js';
import type { SlackSignIn } from './slackSignIn.js';
import { loginPath } from './signInRoutes.js';
import { SESSION_COOKIE } from './webCookies.js';
import { registerWebRoutes } from './webRoutes.js';

const OWNERS = new Map([
  ['dana-private', 'U_DANA'],
  ['lee-private', 'U_LEE'],
  ['lee-workspace', 'U_LEE'],
]);

describe('GET /search', () => {
  let readModel: SessionReadModel;
  let index: SearchIndex;
  let sessions: WebSessionStore;

  const app = async (local: boolean): Promise<FastifyInstance> => {
    const server = Fastify({ logger: false });
    const gate = createSessionGate({
      readModel,
      policy: createVisibilityPolicy('private'),
      owners: { ownerOf: async (s: SessionSummary) => ({ slackUserId: OWNERS.get(s.sessionId) ?? null, email: null, osUser: null, host: null, name: null }) },
      membership: { isMember: async () => false },
    });
    const access = { gate, identityLinks: {}, slackUserOfEmail: async () => null, local } as unknown as Access;
    registerWebRoutes(server, {
      readModel,
      signer: createLinkSigner({ secret: 'x'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, plainPageLinks: !local, now: () => new Date() }),
      access,
      ...(local ? {} : { signIn: { flow: {} as SlackSignIn, sessions } }),
      renderPage: async () => '<html><body></body></html>',
      renderCardPng: async () => Buffer.from(''),
      search: index,
    });
    await server.ready();
    return server;
  };

  beforeAll(async () => {
    readModel = createSqliteReadModel({ path: ':memory:' });
    index = createSqliteSearchIndex({ path: ':memory:' });
    sessions = createSqliteWebSessions({ path: ':memory:' });
    const state = (id: string, extra: Partial<SessionSummary>) => {
      const s = initialSessionState(id);
      return { ...s, summary: { ...s.summary, repo: 'acme/web', title: `<img src=x onerror=alert(1)> ${id}`, lastActivityAt: '2026-03-01T10:00:00.000Z', ...extra } };
    };
    await readModel.commit([state('dana-private', {}), state('lee-private', {}), state('lee-workspace', { visibility: 'workspace' })], { name: 'session-summary', position: { commit: 1n, prepare: 1n } });
    await index.commit(
      [...OWNERS.keys()].map((id) => foldSearchDocs(initialSearchState(id), transcriptEvents(id, [userLine('warmup'), userLine(`find <script>nebula</script> in ${id}`)]))),
      { name: 'search-docs', position: { commit: 1n, prepare: 1n } },
    );
  });
  afterAll(async () => {
    await index.close();
    await readModel.close();
    await sessions.close();
  });

  it('sends someone not signed in to sign in, and back to the same search', async () => {
    const server = await app(false);
    const reply = await server.inject({ url: '/search?q=nebula%20kind:prompt' });
    expect(reply.statusCode).toBe(302);
    expect(reply.headers.location).toBe(loginPath(`/search?q=${encodeURIComponent('nebula kind:prompt')}`));
    await server.close();
  });

  it('shows a signed-in person only what the read rule lets them read, linked at the anchor, escaped', async () => {
    const server = await app(false);
    const token = await sessions.create({ userId: 'U_DANA', teamId: 'T1', name: 'Dana' }, 60_000);
    const reply = await server.inject({ url: '/search?q=nebula', cookies: { [SESSION_COOKIE]: token } });
    expect(reply.statusCode).toBe(200);
    const ids = [...reply.body.matchAll(/data-session-id="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(ids).toEqual(['dana-private', 'lee-workspace']);
    expect(reply.body).toContain('href="/s/dana-private#turn-2"');
    expect(reply.body).toContain('&lt;script&gt;<mark>nebula</mark>&lt;/script&gt;');
    expect(reply.body).toContain('&lt;img src=x onerror=alert(1)&gt; dana-private');
    expect(reply.body).not.toMatch(/<script>|<img/);
    expect(reply.body).toContain('data-kap-signed-in="U_DANA"');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    await server.close();
  });

  it('reads as the local user from this machine without Slack, and shows a bad query its reason', async () => {
    const server = await app(true);
    const all = await server.inject({ url: '/search?q=nebula', remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:7878' } });
    expect([...all.body.matchAll(/data-session-id="([^"]+)"/g)].length).toBe(3);
    const away = await server.inject({ url: '/search?q=nebula', remoteAddress: '10.0.0.9', headers: { host: 'kap.test' } });
    expect(away.statusCode).toBe(403);
    const within = await server.inject({ url: '/search?q=nebula&session=lee-private', remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:7878' } });
    expect([...within.body.matchAll(/data-session-id="([^"]+)"/g)].map((m) => m[1])).toEqual(['lee-private']);
    expect(within.body).toContain('<input type="hidden" name="session" value="lee-private">');
    const bad = await server.inject({ url: `/search?q=${encodeURIComponent('"open')}`, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:7878' } });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('class="problem"');
    expect(bad.body).toContain('value="&quot;open"');
    await server.close();
  });
});
