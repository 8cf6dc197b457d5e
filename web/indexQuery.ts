/**
 * The query parameters of the index (`GET /`) and the team usage page (`GET /usage`), parsed and checked.
 * They come from a plain GET form or a pasted URL, so anything may arrive: a bad value is a value
 * (`{ ok: false, problems }`) the page shows next to the form, never an exception or a quiet default.
 * An empty field means "no filter" (the form sends every field, empty or not).
 *
 * Dates are UTC calendar days `YYYY-MM-DD`, `to` inclusive, matched against a session's `lastActivityAt`.
 */
import type { SessionStatus } from '../projections/hookStatus.js';

/** Every status a session has (projections/hookStatus.ts), in the order the filter offers them. */
export const SESSION_STATUSES = ['running', 'waiting', 'idle', 'ended'] as const satisfies readonly SessionStatus[];
// Compile-time check that the list is complete: a status missing from it makes this line fail.
const _complete: [Exclude<SessionStatus, (typeof SESSION_STATUSES)[number]>] extends [never] ? true : never = true;

export const INDEX_GROUPS = ['repo', 'person', 'none'] as const;
export type IndexGroup = (typeof INDEX_GROUPS)[number];

/** Sessions shown at first, and the most one page shows (`limit`); "more" adds `INDEX_PAGE_SIZE`. */
export const INDEX_PAGE_SIZE = 50;
export const INDEX_MAX_LIMIT = 1000;

export interface IndexQuery {
  /** `owner/name`, compared without case. */
  repo?: string;
  /** A person key (`personKey` in web/visibleSessions.ts). */
  person?: string;
  status?: SessionStatus;
  /** Start of the first day, UTC. */
  from?: Date;
  /** End of the last day (exclusive: the next day's 00:00 UTC). */
  to?: Date;
  group: IndexGroup;
  limit: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

type Raw = Record<string, unknown>;

const DAY_MS = 86_400_000;

/** A query parameter given once, trimmed (a repeated one arrives as an array: its first value); empty → undefined. */
export function param(query: Raw, name: string): string | undefined {
  const value = query[name];
  const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
  const trimmed = text?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `YYYY-MM-DD` → that day's 00:00 UTC, or undefined for anything else (Feb 30 too). */
export function parseDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? date : undefined;
}

/** A day as `YYYY-MM-DD` (UTC). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateRange(query: Raw, problems: string[]): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  for (const name of ['from', 'to'] as const) {
    const text = param(query, name);
    if (text === undefined) continue;
    const day = parseDay(text);
    if (day === undefined) problems.push(`“${name}” must be a date like 2026-12-01 (it was “${text}”).`);
    else range[name] = name === 'to' ? new Date(day.getTime() + DAY_MS) : day;
  }
  if (range.from && range.to && range.from >= range.to) problems.push('“from” must not be after “to”.');
  return range;
}

/** The index's filters: `repo`, `person`, `status`, `from`, `to`, `group` (default repo), `limit` (default 50). */
export function parseIndexQuery(query: Raw): Parsed<IndexQuery> {
  const problems: string[] = [];
  const value: IndexQuery = { group: 'repo', limit: INDEX_PAGE_SIZE };
  const repo = param(query, 'repo');
  if (repo !== undefined) {
    if (repo.length > 200) problems.push('“repo” is too long.');
    else value.repo = repo;
  }
  const person = param(query, 'person');
  if (person !== undefined) {
    if (person.length > 200) problems.push('“person” is too long.');
    else value.person = person;
  }
  const status = param(query, 'status');
  if (status !== undefined) {
    if ((SESSION_STATUSES as readonly string[]).includes(status)) value.status = status as SessionStatus;
    else problems.push(`“status” must be one of ${SESSION_STATUSES.join(', ')} (it was “${status}”).`);
  }
  Object.assign(value, dateRange(query, problems));
  const group = param(query, 'group');
  if (group !== undefined) {
    if ((INDEX_GROUPS as readonly string[]).includes(group)) value.group = group as IndexGroup;
    else problems.push(`“group” must be one of ${INDEX_GROUPS.join(', ')} (it was “${group}”).`);
  }
  const limit = param(query, 'limit');
  if (limit !== undefined) {
    const n = /^\d{1,5}$/.test(limit) ? Number(limit) : Number.NaN;
    if (n >= 1 && n <= INDEX_MAX_LIMIT) value.limit = n;
    else problems.push(`“limit” must be a whole number from 1 to ${INDEX_MAX_LIMIT} (it was “${limit}”).`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export const USAGE_PAGE_PERIODS = ['week', 'month', '90d'] as const;
export type UsagePagePeriod = (typeof USAGE_PAGE_PERIODS)[number];
const PERIOD_DAYS: Record<UsagePagePeriod, number> = { week: 7, month: 30, '90d': 90 };

/** The longest range `from`/`to` may span, in days (a chart of more days than this has no readable bar). */
export const USAGE_MAX_DAYS = 366;

export interface UsageQuery {
  /** The named period, or undefined for a `from`/`to` range. */
  period: UsagePagePeriod | undefined;
  /** `[from, to)`, whole UTC days. */
  from: Date;
  to: Date;
}

/**
 * The usage page's period: `period=week|month|90d` (the last 7, 30 or 90 days up to today, UTC; default
 * week), or `from`/`to` days (either may be left out: `to` defaults to today, `from` to 7 days before `to`).
 * `period` with `from`/`to` is a problem: one or the other.
 */
export function parseUsageQuery(query: Raw, now: Date): Parsed<UsageQuery> {
  const problems: string[] = [];
  const period = param(query, 'period');
  const range = dateRange(query, problems);
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
  if (period !== undefined && (range.from || range.to)) problems.push('Give a period or a from/to range, not both.');
  if (period !== undefined && !(USAGE_PAGE_PERIODS as readonly string[]).includes(period)) problems.push(`“period” must be one of ${USAGE_PAGE_PERIODS.join(', ')} (it was “${period}”).`);
  if (problems.length > 0) return { ok: false, problems };
  if (range.from === undefined && range.to === undefined) {
    const named = (period ?? 'week') as UsagePagePeriod;
    return { ok: true, value: { period: named, from: new Date(tomorrow.getTime() - PERIOD_DAYS[named] * DAY_MS), to: tomorrow } };
  }
  const to = range.to ?? tomorrow;
  const from = range.from ?? new Date(to.getTime() - 7 * DAY_MS);
  if (from >= to) return { ok: false, problems: ['“from” must not be after “to”.'] };
  if ((to.getTime() - from.getTime()) / DAY_MS > USAGE_MAX_DAYS) return { ok: false, problems: [`A range may span at most ${USAGE_MAX_DAYS} days.`] };
  return { ok: true, value: { period: undefined, from, to } };
}
