/**
 * The pages that list sessions, registered inside the web plugin (web/webRoutes.ts, which gives them
 * cookies, compression and the error page):
 *   GET /                   the index: sessions the reader may read, filtered by the query (web/indexQuery.ts)
 *   GET /usage              team usage over a period, charts and tables (usage/usageReport.ts)
 *   GET /events/sessions    live status of those sessions, server-sent events (web/sessionEventsRoute.ts)
 * Who reads: web/listReader.ts; what they see: only sessions the access gate lets them read
 * (web/visibleSessions.ts). A bad filter is a 400 page that says what to fix, never a 500.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderIndexPage } from '../renderers/indexPage.js';
import { renderUsagePage } from '../renderers/usagePage.js';
import type { UsageFormValues } from '../renderers/usagePage.js';
import { computeUsage } from '../usage/usageReport.js';
import { SCRIPT_PAGE_CSP } from './assetRoutes.js';
import { filterChoices, filterSessions } from './filterSessions.js';
import { dayOf, INDEX_MAX_LIMIT, INDEX_PAGE_SIZE, param, parseIndexQuery, parseUsageQuery } from './indexQuery.js';
import { listReader } from './listReader.js';
import { registerSessionEventsRoute } from './sessionEventsRoute.js';
import { LISTED_SESSION_LIMIT, listGate, personOf, visibleSessions } from './visibleSessions.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { Access } from '../access/access.js';
import type { SlackSignIn } from './slackSignIn.js';

/** What web/webRoutes.ts's deps give these routes (the same fields, same meaning). */
export interface IndexRoutesDeps {
  readModel: SessionReadModel;
  access?: Access | undefined;
  feed?: SessionFeed | undefined;
  signIn?: { flow: SlackSignIn; sessions: WebSessionStore } | undefined;
  now?: (() => Date) | undefined;
}

type Query = Record<string, unknown>;

function sendListPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('content-security-policy', SCRIPT_PAGE_CSP).header('referrer-policy', 'no-referrer').send(html);
}

/** The request's path and query, as the sign-in's `next`. */
function here(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

export function registerIndexRoutes(app: FastifyInstance, deps: IndexRoutesDeps): void {
  const readerDeps = { local: deps.access?.local ?? true, signIn: deps.signIn };
  const now = deps.now ?? (() => new Date());
  const lists = { readModel: deps.readModel, gate: deps.access?.gate };

  app.get<{ Querystring: Query }>('/', async (request, reply) => {
    const who = await listReader(request, reply, readerDeps, { path: here(request.url), redirect: true });
    if (!who) return reply;
    const query = request.query;
    const form = { repo: param(query, 'repo'), person: param(query, 'person'), status: param(query, 'status'), from: param(query, 'from'), to: param(query, 'to'), group: param(query, 'group'), limit: param(query, 'limit') };
    const parsed = parseIndexQuery(query);
    const visible = await visibleSessions(lists, who.reader);
    const base = { form, choices: filterChoices(visible), live: deps.feed !== undefined, person: who.person };
    if (!parsed.ok) return sendListPage(reply, 400, renderIndexPage({ ...base, rows: [], matching: 0, group: 'repo', problems: parsed.problems }));
    const { limit, group } = parsed.value;
    const matching = filterSessions(visible, parsed.value);
    const nextLimit = limit < INDEX_MAX_LIMIT ? Math.min(INDEX_MAX_LIMIT, limit + INDEX_PAGE_SIZE) : undefined;
    return sendListPage(reply, 200, renderIndexPage({ ...base, rows: matching.slice(0, limit), matching: matching.length, nextLimit, group }));
  });

  app.get<{ Querystring: Query }>('/usage', async (request, reply) => {
    const who = await listReader(request, reply, readerDeps, { path: here(request.url), redirect: true });
    if (!who) return reply;
    const form: UsageFormValues = { period: param(request.query, 'period'), from: param(request.query, 'from'), to: param(request.query, 'to') };
    const parsed = parseUsageQuery(request.query, now());
    const labels = new Map<string, string>();
    const personLabel = (key: string | null) => (key === null ? 'unknown' : labels.get(key) ?? key);
    if (!parsed.ok) return sendListPage(reply, 400, renderUsagePage({ report: undefined, days: [], periodText: '', form, personLabel, problems: parsed.problems, person: who.person }));
    const { from, to, period } = parsed.value;
    const summaries = await deps.readModel.list({ limit: LISTED_SESSION_LIMIT });
    const report = await computeUsage({ gate: listGate(lists.gate) }, summaries, {
      filter: { kind: 'all' },
      window: { from, to },
      readers: [who.reader],
      personOf: (owner) => {
        const person = personOf(owner);
        labels.set(person.key, person.label);
        return person.key;
      },
    });
    const days: string[] = [];
    for (let t = from.getTime(); t < to.getTime(); t += 86_400_000) days.push(dayOf(new Date(t)));
    const periodText = period === 'week' ? 'the last 7 days' : period === 'month' ? 'the last 30 days' : period === '90d' ? 'the last 90 days' : `${days[0]} to ${days.at(-1)}`;
    return sendListPage(reply, 200, renderUsagePage({ report, days, periodText, form, personLabel, person: who.person }));
  });

  registerSessionEventsRoute(app, { ...lists, feed: deps.feed, readerDeps });
}
