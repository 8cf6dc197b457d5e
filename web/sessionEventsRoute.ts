/**
 * `GET /events/sessions`: the index's live status dots, as server-sent events (web/serverSentEvents.ts).
 * Each commit of the session-summary projection (stores/sessionFeed.ts) becomes one `session` event
 * `{ sessionId, status, statusText, lastActivityAt, lastActivityText }` — only for a session this reader
 * may read (the gate's answer, kept `ANSWER_TTL_MS` per session on this stream) and that passes the page's
 * `repo` / `person` filters. A change the reader may not see sends nothing at all: not its id, not that it
 * happened. The summary is read afresh from the read model for each change (the feed only says when).
 *
 * Answers: 404 without a feed (no live updates here: the page still works); 403 / no reader as for the
 * index (web/listReader.ts, never a redirect); otherwise the stream, uncompressed.
 */
import type { FastifyInstance } from 'fastify';
import type { Reader } from '../access/sessionAccess.js';
import { rowStatusText } from '../renderers/indexPage.js';
import { formatDateTime } from '../renderers/page/html.js';
import { messagePage } from '../renderers/webPage.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { SessionChange, SessionFeed } from '../stores/sessionFeed.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { param } from './indexQuery.js';
import { listReader } from './listReader.js';
import type { ListReaderDeps } from './listReader.js';
import { openEventStream } from './serverSentEvents.js';
import { sendPage } from './signInRoutes.js';
import { listGate, personOf } from './visibleSessions.js';
import type { ListGate } from './visibleSessions.js';

/** How long the gate's answer for one session is reused on one stream, in ms (a share or a hide shows within this). */
export const ANSWER_TTL_MS = 10_000;

export interface SessionEventsDeps {
  readModel: Pick<SessionReadModel, 'get'>;
  gate?: ListGate | undefined;
  feed?: SessionFeed | undefined;
  readerDeps: ListReaderDeps;
  /** Milliseconds now, for the answer cache. */
  clock?: () => number;
}

/** What a `session` event carries. */
export interface SessionStatusEvent {
  sessionId: string;
  status: SessionSummary['status'];
  statusText: string;
  lastActivityAt: string | null;
  lastActivityText: string;
}

/**
 * Turns feed changes into status events for one reader: `next(change)` resolves the event to send, or
 * undefined (not a summary change, unknown, not readable, filtered out). Exposed for tests.
 */
export function statusEventsFor(deps: Pick<SessionEventsDeps, 'readModel' | 'gate' | 'clock'>, reader: Reader, filters: { repo?: string | undefined; person?: string | undefined }): (change: SessionChange) => Promise<SessionStatusEvent | undefined> {
  const gate = listGate(deps.gate);
  const clock = deps.clock ?? Date.now;
  const answers = new Map<string, { at: number; allowed: boolean; person: string }>();
  const repo = filters.repo?.toLowerCase();
  return async (change) => {
    if (change.projection !== 'session-summary') return undefined;
    const summary = (await deps.readModel.get(change.sessionId))?.summary;
    if (!summary) return undefined;
    let answer = answers.get(summary.sessionId);
    if (!answer || clock() - answer.at >= ANSWER_TTL_MS) {
      const allowed = await gate.allows(summary, [reader]);
      answer = { at: clock(), allowed, person: allowed && filters.person !== undefined ? personOf((await gate.accessOf(summary)).owner).key : '' };
      answers.delete(summary.sessionId);
      answers.set(summary.sessionId, answer);
      if (answers.size > 2000) answers.delete(answers.keys().next().value as string);
    }
    if (!answer.allowed) return undefined;
    if (repo !== undefined && summary.repo?.toLowerCase() !== repo) return undefined;
    if (filters.person !== undefined && answer.person !== filters.person) return undefined;
    const at = summary.lastActivityAt;
    return { sessionId: summary.sessionId, status: summary.status, statusText: rowStatusText(summary), lastActivityAt: at, lastActivityText: at === null ? '' : formatDateTime(at) };
  };
}

export function registerSessionEventsRoute(app: FastifyInstance, deps: SessionEventsDeps): void {
  app.get<{ Querystring: Record<string, unknown> }>('/events/sessions', { config: { compress: false } }, async (request, reply) => {
    const feed = deps.feed;
    if (!feed) return sendPage(reply, 404, messagePage('Live updates are not available on this Kap.'));
    const who = await listReader(request, reply, deps.readerDeps, { path: '/', redirect: false });
    if (!who) return reply;
    const next = statusEventsFor(deps, who.reader, { repo: param(request.query, 'repo'), person: param(request.query, 'person') });
    const stream = openEventStream(request, reply);
    // One change at a time, in feed order, so a dot never goes back to an older status.
    let queue = Promise.resolve();
    const unsubscribe = await feed.subscribe((change) => {
      queue = queue.then(async () => {
        if (stream.closed) return;
        const event = await next(change);
        if (event) stream.send('session', event);
      }).catch((err: unknown) => request.log.warn({ err }, 'live status event failed'));
    });
    stream.onClose(() => void unsubscribe());
    stream.send('ready', {});
    return reply;
  });
}
