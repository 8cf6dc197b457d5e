/**
 * Search across sessions for one reader: the sessions the reader may see (the access gate, the one
 * visibility rule: access/sessionGate.ts) that match the query's session filters (repo, user, session,
 * status, after, before, read from the session summaries), then the index asked within them. Every surface
 * (the API's `GET /v1/search`, the web page `/search`, `kap search` through the API) calls this.
 *
 * Session filters (search/searchQuery.ts):
 *   repo:     the summary's `owner/name`, case-insensitively
 *   user:     a case-insensitive part of the git user (`Name <email>`), the OS user, the hosted session's
 *             Slack user, or the resolved owner's Slack id, email or name
 *   session:  the id or a prefix of it
 *   status:   the summary's status
 *   after:D   last activity on or after D (00:00 UTC);  before:D  started before D (00:00 UTC)
 */
import { readableSummaries } from '../access/readableSummaries.js';
import type { SessionGate } from '../access/sessionGate.js';
import type { Reader } from '../access/sessionAccess.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { SearchHit, SearchIndex } from './searchIndex.js';
import type { SearchQuery } from './searchQuery.js';

/** Most sessions a search looks through (the newest by activity). */
export const MAX_SEARCHED_SESSIONS = 100_000;

export interface SessionSearchDeps {
  index: Pick<SearchIndex, 'search'>;
  readModel: Pick<SessionReadModel, 'list'>;
  /** The gate; absent only in tests of routes alone (every reader then reads everything). */
  gate?: Pick<SessionGate, 'allows' | 'accessOf'> | undefined;
}

/** A hit with what a result list shows of its session. */
export interface SessionHit extends SearchHit {
  /** Claude Code's own title, else the last prompt (as `kap sessions` shows it). */
  title: string | null;
  repo: string | null;
  branch: string | null;
}

export interface SessionSearchResult {
  hits: SessionHit[];
  more: boolean;
  /** Sessions searched: those the reader may see and the filters kept. */
  sessions: number;
}

export async function searchSessions(
  deps: SessionSearchDeps,
  query: SearchQuery,
  reader: Reader,
  page: { limit?: number; offset?: number } = {},
): Promise<SessionSearchResult> {
  const summaries = await deps.readModel.list({ limit: MAX_SEARCHED_SESSIONS });
  const matching: SessionSummary[] = [];
  for (const summary of summaries) {
    if (!matchesSessionFilters(summary, query)) continue;
    if (query.users.length > 0 && !(await matchesUser(deps, summary, query.users))) continue;
    matching.push(summary);
  }
  const kept = new Map<string, SessionSummary>();
  for (const summary of await readableSummaries(deps.gate, matching, [reader])) kept.set(summary.sessionId, summary);
  const found = await deps.index.search(query, { ...page, sessionIds: [...kept.keys()] });
  return {
    hits: found.hits.map((hit) => {
      const summary = kept.get(hit.sessionId);
      return { ...hit, title: summary ? (summary.title ?? summary.lastPrompt) : null, repo: summary?.repo ?? null, branch: summary?.branch ?? null };
    }),
    more: found.more,
    sessions: kept.size,
  };
}

/** The filters a summary answers alone (all but `user:`, which may need the owner). */
export function matchesSessionFilters(summary: SessionSummary, query: SearchQuery): boolean {
  if (query.repos.length > 0 && !query.repos.some((r) => summary.repo?.toLowerCase() === r.toLowerCase())) return false;
  if (query.sessions.length > 0 && !query.sessions.some((s) => summary.sessionId.startsWith(s))) return false;
  if (query.statuses.length > 0 && !query.statuses.includes(summary.status)) return false;
  if (query.after !== undefined && !((summary.lastActivityAt ?? summary.startedAt ?? '') >= `${query.after}T00:00:00`)) return false;
  if (query.before !== undefined && !((summary.startedAt ?? summary.lastActivityAt ?? '9999') < `${query.before}T00:00:00`)) return false;
  return true;
}

async function matchesUser(deps: SessionSearchDeps, summary: SessionSummary, users: readonly string[]): Promise<boolean> {
  const fields = [summary.user, summary.osUser ?? null, summary.hostedBy ?? null];
  if (deps.gate) {
    const owner = (await deps.gate.accessOf(summary)).owner;
    fields.push(owner.slackUserId, owner.email, owner.name);
  }
  const known = fields.filter((f): f is string => typeof f === 'string' && f !== '').map((f) => f.toLowerCase());
  return users.some((u) => known.some((f) => f.includes(u.toLowerCase())));
}
