/**
 * The session page and what hangs off it, every route behind the same reader and gate (`openSession`):
 *   GET /s/:id                    the page (HTML)
 *   GET /s/:id/turns?from=N       turns N and later as HTML fragments, for live follow (header x-kap-revision)
 *   GET /s/:id/live               server-sent events while the session's projections commit: `timeline`
 *                                 ({ revision }) and `status` ({ status }); `hello` ({ revision }) first
 *   GET /s/:id/files[?path=]      the files the session changed; one file's changes as diffs
 *   GET /s/:id/tools/:toolUseId   one tool call's whole recorded output
 *
 * Answers before the gate (the page's, web/webRoutes.ts): 400 for a malformed session id; 403 for a link that
 * does not check (no Slack); sign-in needed: the pages redirect to Sign in with Slack, fragments and events
 * answer 401; 403 when sign-in is not configured. Then the gate: unknown 404, refused 403 (the lock page for
 * pages), allowed 200. A signed link's `exp` and `sig` open the sub-routes too (they sign the session, not
 * the path), and the page passes them on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../access/access.js';
import type { Reader } from '../access/sessionAccess.js';
import type { GateAnswer } from '../access/sessionGate.js';
import { isSessionId } from '../events/ingestBatch.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { initialTimeline } from '../projections/sessionTimeline.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { renderFileChangesPage, renderFileListPage } from '../renderers/fileChangesPage.js';
import { renderLockPage } from '../renderers/lockPage.js';
import { RenderedTurnsCache } from '../renderers/page/renderedTurns.js';
import type { SessionLinks } from '../renderers/page/sessionLinks.js';
import { renderTurnsFragment } from '../renderers/sessionPage.js';
import { renderToolOutputPage, toolCallOf } from '../renderers/toolOutputPage.js';
import { messagePage, withSignedInBar } from '../renderers/webPage.js';
import type { SignedInPerson } from '../renderers/webPage.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { SCRIPT_PAGE_CSP } from './assetRoutes.js';
import type { LinkSigner } from './linkSigner.js';
import { isLocalRequest, pageReader } from './pageReader.js';
import { openEventStream } from './serverSentEvents.js';
import type { EventStream } from './serverSentEvents.js';
import { loginPath, sendPage, SIGN_IN_UNCONFIGURED, webSessionOf } from './signInRoutes.js';

/**
 * How the route asks the page to be rendered: its links (a signed link's exp/sig), whether it may follow
 * live, and the turns the routes have rendered before (shared by the page and its fragments).
 */
export interface SessionPageView {
  links: SessionLinks;
  live: boolean;
  cache: RenderedTurnsCache;
}

export interface SessionPageRoutesDeps {
  readModel: SessionReadModel;
  signer: LinkSigner;
  access?: Access | undefined;
  feed?: SessionFeed | undefined;
  signIn?: { sessions: WebSessionStore } | undefined;
  /** The session page's HTML. */
  renderPage: (summary: SessionSummary, view: SessionPageView) => Promise<string>;
  /** The session's timeline (read model); absent: every session reads as having no lines yet. */
  timelineOf?: ((sessionId: string) => Promise<SessionTimeline | undefined>) | undefined;
}

/** A session a reader may read: its summary, who reads (a person, or the local reader) and the page's links. */
export interface OpenedSession {
  summary: SessionSummary;
  person: SignedInPerson | undefined;
  links: SessionLinks;
}

type Query = { exp?: string; sig?: string };

/**
 * The reader and the gate for one request on a session route; the module comment's answers. Returns the
 * session when the reader may read it; otherwise the reply has been sent and it returns undefined. `page`:
 * answer as a page (HTML, sign-in redirect to `nextPath`); else as data (plain text, 401 for sign-in).
 */
export async function openSession(
  deps: SessionPageRoutesDeps,
  request: FastifyRequest<{ Params: { sessionId: string }; Querystring: Query }>,
  reply: FastifyReply,
  answerAs: { page: true; nextPath: string } | { page: false },
): Promise<OpenedSession | undefined> {
  const { sessionId } = request.params;
  const refuse = (status: number, text: string, person?: SignedInPerson) => {
    if (answerAs.page) return void sendPage(reply, status, messagePage(text, person));
    return void reply.code(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(text);
  };
  if (!isSessionId(sessionId)) return refuse(400, 'This is not a Kap session link: the session id is malformed.');
  const exp = first(request.query.exp);
  const sig = first(request.query.sig);
  const who = await pageReader({
    local: deps.access?.local ?? true,
    fromThisMachine: isLocalRequest(request.socket.remoteAddress, request.headers),
    checkLink: () => deps.signer.checkPage(sessionId, exp, sig),
    signInConfigured: deps.signIn !== undefined,
    webSession: () => webSessionOf(request, deps.signIn?.sessions),
  });
  switch (who.kind) {
    case 'link_refused': {
      const why = who.check === 'expired' ? 'This session link has expired.' : 'This session link is not signed by Kap.';
      return refuse(403, `${why} Ask Kap for a fresh one: paste the session in Slack or run \`kap show\`.`);
    }
    case 'sign_in_unconfigured':
      return refuse(403, SIGN_IN_UNCONFIGURED);
    case 'sign_in':
      if (!answerAs.page) return refuse(401, 'Sign in to read this session.');
      return void reply.header('cache-control', 'no-store').redirect(loginPath(answerAs.nextPath), 302);
    case 'reader':
      break;
  }
  const person = who.person;
  const answer = await readGate(deps, sessionId, who.reader);
  if (answer.kind === 'unknown') return refuse(404, 'Kap has no session with this id.', person);
  if (answer.kind === 'refused') {
    // Only a person is ever refused (the local reader reads everything).
    if (answerAs.page) return void sendPage(reply, 403, renderLockPage(answer.access.owner, person ?? { userId: 'unknown', name: null }));
    return refuse(403, 'This session is not shared with you.');
  }
  // A signed link (no Slack, from elsewhere) opens the sub-routes too: the page passes it on.
  const signed = who.reader.kind === 'local' && exp !== undefined && sig !== undefined && deps.signer.checkPage(sessionId, exp, sig) === 'ok' ? { exp, sig } : undefined;
  return { summary: answer.summary, person, links: { sessionId, signed } };
}

/** Without an access model (tests of the routes alone) the read model answers, and every reader is local. */
async function readGate(deps: SessionPageRoutesDeps, sessionId: string, reader: Reader): Promise<GateAnswer | { kind: 'local'; summary: SessionSummary } | { kind: 'unknown' }> {
  if (deps.access) return deps.access.gate.read(sessionId, reader);
  const summary = (await deps.readModel.get(sessionId))?.summary;
  return summary ? { kind: 'local', summary } : { kind: 'unknown' };
}

function sendHtml(reply: FastifyReply, html: string, person: SignedInPerson | undefined): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', SCRIPT_PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .send(person ? withSignedInBar(html, person) : html);
}

/** The path of this request (for the sign-in redirect back), without its query. */
function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

/**
 * Pages and fragments are compressed in one go (@fastify/compress's sync path, up to this many bytes), not
 * streamed through a compressor: a reader that stops reading would hold a streamed reply, and Kap's
 * shutdown with it, open. Brotli at the plugin's quality 4 takes a few ms for the largest page.
 */
const WHOLE = { compress: { syncThreshold: 16 * 1024 * 1024 } };

export function registerSessionPageRoutes(app: FastifyInstance, deps: SessionPageRoutesDeps): void {
  type Route = { Params: { sessionId: string }; Querystring: Query & { from?: string; path?: string } };
  const timelineOf = async (sessionId: string) => (await deps.timelineOf?.(sessionId)) ?? initialTimeline(sessionId);
  const cache = new RenderedTurnsCache();
  // Open event streams are never idle: end them when Kap stops, or closing the server would wait for readers.
  const streams = new Set<EventStream>();
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.close();
    done();
  });

  app.get<Route>('/s/:sessionId', WHOLE, async (request, reply) => {
    const opened = await openSession(deps, request, reply, { page: true, nextPath: `/s/${encodeURIComponent(request.params.sessionId)}` });
    if (!opened) return reply;
    const html = await deps.renderPage(opened.summary, { links: opened.links, live: deps.feed !== undefined, cache });
    return sendHtml(reply, html, opened.person);
  });

  app.get<Route>('/s/:sessionId/turns', WHOLE, async (request, reply) => {
    const opened = await openSession(deps, request, reply, { page: false });
    if (!opened) return reply;
    const from = Number(first(request.query.from) ?? '0');
    if (!Number.isSafeInteger(from) || from < 0) return reply.code(400).type('text/plain; charset=utf-8').send('from: a turn number (0 or more)');
    const fragment = renderTurnsFragment(await timelineOf(opened.summary.sessionId), from, opened.links, cache);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('x-kap-revision', String(fragment.revision))
      .header('x-kap-last-turn', String(fragment.lastTurn))
      .send(fragment.html);
  });

  app.get<Route>('/s/:sessionId/live', { config: { compress: false } }, async (request, reply) => {
    const opened = await openSession(deps, request, reply, { page: false });
    if (!opened) return reply;
    const feed = deps.feed;
    if (!feed) return reply.code(404).type('text/plain; charset=utf-8').send('This Kap does not follow sessions live.');
    const sessionId = opened.summary.sessionId;
    const stream = openEventStream(request, reply);
    streams.add(stream);
    const unsubscribe = await feed.subscribe((change) => {
      if (change.sessionId !== sessionId) return;
      if (change.projection === 'session-timeline') stream.send('timeline', { revision: change.revision });
      else if (change.status !== undefined) stream.send('status', { status: change.status });
    });
    stream.onClose(() => {
      streams.delete(stream);
      void unsubscribe().catch(() => undefined);
    });
    // What the page may have missed between its render and this subscription.
    stream.send('hello', { revision: (await timelineOf(sessionId)).revision });
    return reply;
  });

  app.get<Route>('/s/:sessionId/files', WHOLE, async (request, reply) => {
    const opened = await openSession(deps, request, reply, { page: true, nextPath: pathOf(request) });
    if (!opened) return reply;
    const timeline = await timelineOf(opened.summary.sessionId);
    const path = first(request.query.path);
    if (path === undefined) return sendHtml(reply, renderFileListPage(opened.summary, timeline, opened.links), opened.person);
    const html = renderFileChangesPage(opened.summary, timeline, path, opened.links);
    if (html === undefined) return sendPage(reply, 404, messagePage('This session did not change that file.', opened.person));
    return sendHtml(reply, html, opened.person);
  });

  app.get<Route & { Params: { toolUseId: string } }>('/s/:sessionId/tools/:toolUseId', WHOLE, async (request, reply) => {
    const opened = await openSession(deps, request, reply, { page: true, nextPath: pathOf(request) });
    if (!opened) return reply;
    const call = toolCallOf(await timelineOf(opened.summary.sessionId), request.params.toolUseId);
    if (!call) return sendPage(reply, 404, messagePage('This session has no such tool call.', opened.person));
    return sendHtml(reply, renderToolOutputPage(call, opened.links), opened.person);
  });
}

/** A query parameter given once (a repeated one arrives as an array: its first value). */
function first(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}
