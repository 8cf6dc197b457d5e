/**
 * What people open from Slack, on the bot's HTTP server:
 *   GET /s/:sessionId                       the session page (HTML), for whoever the read rule lets read it
 *                                           (web/pageReader.ts says who is reading; the gate decides)
 *   GET /cards/:sessionId.png?rev&exp&sig   the card image, for Slack's unfurls: a short-lived signed URL
 *                                           bound to the revision it was made for (web/linkSigner.ts)
 *   /auth/...                               Sign in with Slack and logout (web/signInRoutes.ts)
 *   GET / · /usage · /events/sessions      the index, team usage and live status of the sessions the reader may
 *                                           read (web/indexRoutes.ts)
 * Both read the projections' read models only; nothing is recomputed from the stream at request time.
 *
 * Page answers: a session id `SessionId` refuses (events/ingestBatch.ts) is 400 (no session can have it);
 * then 403 for a link that does not check (no Slack), 302 to sign in / 403 when sign-in is not configured
 * (Slack); then the gate: unknown 404, refused 403 with the lock page (whose session, nothing else),
 * allowed 200 with the page (and "signed in as … · Log out" for a person).
 *
 * Card answers: 400 malformed, 403 bad or expired signature, 404 unknown session or a `rev` newer than the
 * session's (a URL Kap cannot have made), 403 when the session is now private (no channel may read it, so no
 * unfurl shows its image). Otherwise the card of the session as it is now: the read model keeps the latest
 * summary only, and the URL, signed within the hour for this session, proves Kap unfurled it recently; a
 * newer revision shows what Slack's readers would see on a fresh unfurl. Cards are rendered once per
 * session revision (a small in-memory LRU).
 *
 * Cookies are parsed by @fastify/cookie inside this plugin only; an unexpected error (Slack unreachable
 * while the gate resolves an owner) is a 500/503 page, never a crash.
 */
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { isSessionId } from '../events/ingestBatch.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import type { Access } from '../access/access.js';
import type { GateAnswer } from '../access/sessionGate.js';
import type { Reader } from '../access/sessionAccess.js';
import { renderLockPage } from '../renderers/lockPage.js';
import { messagePage, withSignedInBar } from '../renderers/webPage.js';
import { registerAssetRoutes } from './assetRoutes.js';
import { registerIndexRoutes } from './indexRoutes.js';
import type { LinkSigner } from './linkSigner.js';
import { isLocalRequest, pageReader } from './pageReader.js';
import { loginPath, registerSignInRoutes, sendPage, SIGN_IN_UNCONFIGURED, webSessionOf } from './signInRoutes.js';
import type { SlackSignIn } from './slackSignIn.js';
import { registerSearchRoutes } from './searchRoutes.js';
import type { SearchIndex } from '../search/searchIndex.js';

export interface WebRoutesDeps {
  readModel: SessionReadModel;
  signer: LinkSigner;
  /** Who may see what (access/access.ts); absent in tests of the routes alone: no Slack, every reader is local. */
  access?: Access;
  /** Projections' commits as they happen (stores/sessionFeed.ts): live status dots and live follow. */
  feed?: SessionFeed | undefined;
  /** Sign in with Slack and the web sessions; absent when no Slack app or no SLACK_CLIENT_ID is configured. */
  signIn?: { flow: SlackSignIn; sessions: WebSessionStore };
  /** `Secure` cookies (the public URL is https). Default false. */
  secureCookies?: boolean;
  /** How long a web session lasts, in ms. Default 7 days. */
  webSessionTtlMs?: number;
  now?: () => Date;
  /** The session page's HTML. */
  renderPage: (summary: SessionSummary) => Promise<string>;
  renderCardPng: (summary: SessionSummary) => Promise<Buffer>;
  /** The search index behind `/search` (web/searchRoutes.ts); absent: the page says there is none. */
  search?: SearchIndex | undefined;
  /** Rendered cards kept. Default 256. */
  cardCacheSize?: number;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function registerWebRoutes(server: FastifyInstance, deps: WebRoutesDeps): void {
  const local = deps.access?.local ?? true;
  const now = deps.now ?? (() => new Date());
  // Without an access model (tests of the routes alone) the read model answers, and every reader is local.
  const read = async (sessionId: string, reader: Reader): Promise<GateAnswer | { kind: 'local'; summary: SessionSummary } | { kind: 'unknown' }> => {
    if (deps.access) return deps.access.gate.read(sessionId, reader);
    const summary = (await deps.readModel.get(sessionId))?.summary;
    return summary ? { kind: 'local', summary } : { kind: 'unknown' };
  };

  void server.register(async (app) => {
    await app.register(fastifyCookie);
    // Pages and scripts go out compressed (gzip, brotli, deflate as the browser accepts; PNGs are not
    // compressible and go as they are). A server-sent events route must opt out: `{ config: { compress: false } }`.
    await app.register(fastifyCompress, { global: true, threshold: 1024 });
    registerAssetRoutes(app);
    // The logout form posts an empty urlencoded body.
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
    }
    app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'web route failed');
      return sendPage(reply, status, messagePage(status === 500 ? 'Kap could not answer this request (it may not reach Slack right now). Try again in a moment.' : 'Kap could not read this request.'));
    });
    registerSignInRoutes(app, { signIn: deps.signIn, secureCookies: deps.secureCookies ?? false, sessionTtlMs: deps.webSessionTtlMs ?? 7 * 86_400_000, now });
    registerIndexRoutes(app, deps);
    registerSearchRoutes(app, deps);

    app.get<{ Params: { sessionId: string }; Querystring: { exp?: string; sig?: string } }>('/s/:sessionId', async (request, reply) => {
      const { sessionId } = request.params;
      if (!isSessionId(sessionId)) return sendPage(reply, 400, messagePage('This is not a Kap session link: the session id is malformed.'));
      const who = await pageReader({
        local,
        fromThisMachine: isLocalRequest(request.socket.remoteAddress, request.headers),
        checkLink: () => deps.signer.checkPage(sessionId, first(request.query.exp), first(request.query.sig)),
        signInConfigured: deps.signIn !== undefined,
        webSession: () => webSessionOf(request, deps.signIn?.sessions),
      });
      switch (who.kind) {
        case 'link_refused': {
          const why = who.check === 'expired' ? 'This session link has expired.' : 'This session link is not signed by Kap.';
          return sendPage(reply, 403, messagePage(`${why} Ask Kap for a fresh one: paste the session in Slack or run \`kap show\`.`));
        }
        case 'sign_in_unconfigured':
          return sendPage(reply, 403, messagePage(SIGN_IN_UNCONFIGURED));
        case 'sign_in':
          return reply.header('cache-control', 'no-store').redirect(loginPath(`/s/${encodeURIComponent(sessionId)}`), 302);
        case 'reader':
          break;
      }
      const person = who.person;
      const answer = await read(sessionId, who.reader);
      if (answer.kind === 'unknown') return sendPage(reply, 404, messagePage('Kap has no session with this id.', person));
      if (answer.kind === 'refused') {
        // Only a person is ever refused (the local reader reads everything).
        return sendPage(reply, 403, renderLockPage(answer.access.owner, person ?? { userId: 'unknown', name: null }));
      }
      const html = await deps.renderPage(answer.summary);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', PAGE_CSP)
        .header('referrer-policy', 'no-referrer')
        .send(person ? withSignedInBar(html, person) : html);
    });

    registerCardRoute(app, deps, local);
  });
}

function registerCardRoute(app: FastifyInstance, deps: WebRoutesDeps, local: boolean): void {
  const cards = new Map<string, Promise<Buffer>>();
  const cacheSize = deps.cardCacheSize ?? 256;
  app.get<{ Params: { file: string }; Querystring: { rev?: string; exp?: string; sig?: string } }>('/cards/:file', async (request, reply) => {
    const match = /^(.+)\.png$/.exec(request.params.file);
    const sessionId = match?.[1];
    if (!sessionId || !isSessionId(sessionId)) return reply.code(400).send();
    const rev = first(request.query.rev);
    if (deps.signer.checkCard(sessionId, rev, first(request.query.exp), first(request.query.sig)) !== 'ok') return reply.code(403).send();
    const summary = (await deps.readModel.get(sessionId))?.summary;
    if (!summary || Number(rev) > summary.revision) return reply.code(404).send();
    if (!local && deps.access && (await deps.access.gate.accessOf(summary)).visibility === 'private') return reply.code(403).send();
    const key = `${sessionId}@${summary.revision}`;
    let png = cards.get(key);
    if (png) {
      cards.delete(key);
    } else {
      png = deps.renderCardPng(summary);
      png.catch(() => cards.delete(key));
    }
    cards.set(key, png);
    if (cards.size > cacheSize) cards.delete(cards.keys().next().value as string);
    // The same URL shows a newer revision once the session moves on: a short cache, for this reader only.
    return reply.type('image/png').header('cache-control', 'private, max-age=300').send(await png);
  });
}

/** A query parameter given once (a repeated one arrives as an array: its first value). */
function first(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}
