/**
 * What people open from Slack, on the bot's HTTP server:
 *   GET /s/:sessionId?exp&sig              the session page (HTML), signed and expiring
 *   GET /cards/:sessionId.png?rev&sig      the card image of the session as its summary is now, signed
 * Both read the projections' read models only; nothing is recomputed from the stream at request time.
 * A session id `SessionId` refuses (events/ingestBatch.ts) is a 400: no session can have it; then a
 * signature that does not check is a 403, an unknown session a 404.
 * Cards are rendered once per session revision (a small in-memory LRU).
 */
import type { FastifyInstance } from 'fastify';
import { isSessionId } from '../events/ingestBatch.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { Access } from '../access/access.js';
import type { LinkSigner } from './linkSigner.js';

export interface WebRoutesDeps {
  readModel: SessionReadModel;
  signer: LinkSigner;
  /** Who may see what (access/access.ts); absent in tests of the routes alone: every reader is local. */
  access?: Access;
  /** The session page's HTML, or undefined when the session is unknown. */
  renderPage: (summary: SessionSummary) => Promise<string>;
  renderCardPng: (summary: SessionSummary) => Promise<Buffer>;
  /** Rendered cards kept. Default 256. */
  cardCacheSize?: number;
}

export function registerWebRoutes(server: FastifyInstance, deps: WebRoutesDeps): void {
  const cards = new Map<string, Promise<Buffer>>();
  const cacheSize = deps.cardCacheSize ?? 256;

  server.get<{ Params: { sessionId: string }; Querystring: { exp?: string; sig?: string } }>('/s/:sessionId', async (request, reply) => {
    const { sessionId } = request.params;
    if (!isSessionId(sessionId)) return reply.code(400).type('text/html; charset=utf-8').send(messagePage('This is not a Kap session link: the session id is malformed.'));
    const check = deps.signer.checkPage(sessionId, request.query.exp, request.query.sig);
    if (check !== 'ok') {
      const why = check === 'expired' ? 'This session link has expired.' : 'This session link is not signed by Kap.';
      return reply.code(403).type('text/html; charset=utf-8').send(messagePage(`${why} Ask Kap for a fresh one: paste the session in Slack or run \`kap show\`.`));
    }
    const summary = (await deps.readModel.get(sessionId))?.summary;
    if (!summary) return reply.code(404).type('text/html; charset=utf-8').send(messagePage('Kap has no session with this id.'));
    const html = await deps.renderPage(summary);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
  });

  server.get<{ Params: { file: string }; Querystring: { rev?: string; sig?: string } }>('/cards/:file', async (request, reply) => {
    const match = /^(.+)\.png$/.exec(request.params.file);
    const sessionId = match?.[1];
    if (!sessionId || !isSessionId(sessionId)) return reply.code(400).send();
    if (deps.signer.checkCard(sessionId, request.query.rev, request.query.sig) !== 'ok') return reply.code(403).send();
    const summary = (await deps.readModel.get(sessionId))?.summary;
    if (!summary) return reply.code(404).send();
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
    return reply.type('image/png').header('cache-control', 'public, max-age=31536000, immutable').send(await png);
  });
}

function messagePage(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kap</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto"><p>${escaped}</p></body></html>`;
}
