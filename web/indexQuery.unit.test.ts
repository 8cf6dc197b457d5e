/**
 * The index's and the usage page's query parameters (bad values are problems to show, never exceptions),
 * and the index's filters over the sessions a reader may see.
 */
import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { filterChoices, filterSessions } from './filterSessions.js';
import { parseIndexQuery, parseUsageQuery } from './indexQuery.js';
import type { VisibleSession } from './visibleSessions.js';

describe('index query', () => {
  it('has defaults, and empty fields mean no filter', () => {
    expect(parseIndexQuery({})).toEqual({ ok: true, value: { group: 'repo', limit: 50 } });
    expect(parseIndexQuery({ repo: '', person: '  ', status: '', from: '', to: '' })).toEqual({ ok: true, value: { group: 'repo', limit: 50 } });
  });

  it('reads every filter; `to` takes in its whole day', () => {
    const parsed = parseIndexQuery({ repo: 'acme/app', person: 'dana@acme.dev', status: 'waiting', from: '2026-12-01', to: '2026-12-02', group: 'person', limit: '100' });
    expect(parsed).toEqual({ ok: true, value: { repo: 'acme/app', person: 'dana@acme.dev', status: 'waiting', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z'), group: 'person', limit: 100 } });
  });

  it('takes the first of a repeated parameter', () => {
    expect(parseIndexQuery({ status: ['ended', 'running'] })).toMatchObject({ ok: true, value: { status: 'ended' } });
  });

  it('names every bad value', () => {
    const parsed = parseIndexQuery({ status: 'sleeping', from: '2026-02-30', to: 'yesterday', group: 'color', limit: '0' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      '“status” must be one of running, waiting, idle, ended (it was “sleeping”).',
      '“from” must be a date like 2026-12-01 (it was “2026-02-30”).',
      '“to” must be a date like 2026-12-01 (it was “yesterday”).',
      '“group” must be one of repo, person, none (it was “color”).',
      '“limit” must be a whole number from 1 to 1000 (it was “0”).',
    ]);
    expect(parseIndexQuery({ limit: '1001' }).ok).toBe(false);
    expect(parseIndexQuery({ limit: '1e3' }).ok).toBe(false);
    expect(parseIndexQuery({ from: '2026-12-03', to: '2026-12-01' })).toEqual({ ok: false, problems: ['“from” must not be after “to”.'] });
    expect(parseIndexQuery({ repo: 'x'.repeat(201) }).ok).toBe(false);
  });
});

describe('usage query', () => {
  const now = new Date('2026-12-02T14:00:00Z');

  it('defaults to the last 7 days up to the end of today (UTC)', () => {
    expect(parseUsageQuery({}, now)).toEqual({ ok: true, value: { period: 'week', from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') } });
    expect(parseUsageQuery({ period: '90d' }, now)).toMatchObject({ ok: true, value: { from: new Date('2026-09-04T00:00:00Z') } });
  });

  it('takes a from/to range of whole days', () => {
    expect(parseUsageQuery({ from: '2026-11-01', to: '2026-11-30' }, now)).toEqual({ ok: true, value: { period: undefined, from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') } });
    expect(parseUsageQuery({ from: '2026-11-30' }, now)).toMatchObject({ ok: true, value: { to: new Date('2026-12-03T00:00:00Z') } });
  });

  it('refuses an unknown period, a period with dates, and a range past 366 days', () => {
    expect(parseUsageQuery({ period: 'year' }, now)).toEqual({ ok: false, problems: ['“period” must be one of week, month, 90d (it was “year”).'] });
    expect(parseUsageQuery({ period: 'week', from: '2026-11-01' }, now)).toEqual({ ok: false, problems: ['Give a period or a from/to range, not both.'] });
    expect(parseUsageQuery({ from: '2024-01-01', to: '2026-01-01' }, now)).toEqual({ ok: false, problems: ['A range may span at most 366 days.'] });
  });
});

describe('index filters', () => {
  const session = (id: string, fields: Partial<SessionSummary>, person: string): VisibleSession => ({
    summary: { ...initialSessionState(id).summary, ...fields },
    person: { key: person, label: person.toUpperCase() },
  });
  const sessions = [
    session('a', { repo: 'Acme/App', status: 'running', lastActivityAt: '2026-12-02T10:00:00Z' }, 'dana'),
    session('b', { repo: 'acme/web', status: 'ended', lastActivityAt: '2026-12-01T23:59:59Z' }, 'lee'),
    session('c', { repo: null, status: 'idle', lastActivityAt: null }, '__proto__'),
  ];
  const ids = (q: Parameters<typeof filterSessions>[1]) => filterSessions(sessions, q).map((s) => s.summary.sessionId);

  it('filter by repository (without case), person, status and days of last activity', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ repo: 'acme/app' })).toEqual(['a']);
    expect(ids({ person: '__proto__' })).toEqual(['c']);
    expect(ids({ status: 'ended' })).toEqual(['b']);
    expect(ids({ from: new Date('2026-12-02T00:00:00Z') })).toEqual(['a']);
    expect(ids({ to: new Date('2026-12-02T00:00:00Z') })).toEqual(['b']);
  });

  it('offer the repositories and people of the sessions given', () => {
    expect(filterChoices(sessions)).toEqual({ repos: ['Acme/App', 'acme/web'], people: [{ key: '__proto__', label: '__PROTO__' }, { key: 'dana', label: 'DANA' }, { key: 'lee', label: 'LEE' }] });
  });
});
