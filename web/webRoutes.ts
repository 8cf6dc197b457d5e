/**
 * What people open from Slack, on the bot's HTTP server:
 *   GET /s/:sessionId[/…]                   the session page (HTML), its fragments, live events and sub-pages,
 *                                           for whoever the read rule lets read it (web/sessionPageRoutes.ts;
 *                                           web/pageReader.ts says who is reading; the gate decides)
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
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import type { Access } from '../access/access.js';
import { messagePage } from '../renderers/webPage.js';
import { registerAssetRoutes } from './assetRoutes.js';
import { registerIndexRoutes } from './indexRoutes.js';
import type { LinkSigner } from './linkSigner.js';
import { registerSessionPageRoutes } from './sessionPageRoutes.js';
import type { SessionPageView } from './sessionPageRoutes.js';
import { registerSignInRoutes, sendPage } from './signInRoutes.js';
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
  /** The session page's HTML (web/sessionPageRoutes.ts says how the route asks for it). */
  renderPage: (summary: SessionSummary, view: SessionPageView) => Promise<string>;
  /** The session's timeline, for the session page's fragments and sub-pages (web/sessionPageRoutes.ts). */
  timelineOf?: (sessionId: string) => Promise<SessionTimeline | undefined>;
  renderCardPng: (summary: SessionSummary) => Promise<Buffer>;
  /** The search index behind `/search` (web/searchRoutes.ts); absent: the page says there is none. */
  search?: SearchIndex | undefined;
  /** Rendered cards kept. Default 256. */
  cardCacheSize?: number;
}

export function registerWebRoutes(server: FastifyInstance, deps: WebRoutesDeps): void {
  const local = deps.access?.local ?? true;
  const now = deps.now ?? (() => new Date());
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

    registerSessionPageRoutes(app, deps);

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
