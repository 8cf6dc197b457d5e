/**
 * The index and usage pages as HTML: rows link to their sessions, strings from summaries (titles, repos,
 * branches, people, model names) stay text, groups and the More link, problems in place of the list, and
 * usage from the team's week (test/support/usageWorld.ts) with its charts and tables.
 */
import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { computeUsage } from '../usage/usageReport.js';
import { LEE, TEAM, teamWeek } from '../test/support/usageWorld.js';
import { indexHref, renderIndexPage, sessionTitle } from './indexPage.js';
import type { IndexPageInput } from './indexPage.js';
import { renderUsagePage } from './usagePage.js';

const EVIL = '<script>alert(1)</script>';

function summary(id: string, fields: Partial<SessionSummary>): SessionSummary {
  return { ...initialSessionState(id).summary, ...fields };
}

const rows = [
  { summary: summary('s-1', { title: `Fix ${EVIL}`, repo: 'acme/app', branch: `b${EVIL}`, status: 'running', prompts: 3, costUsd: 1.5, filesChanged: ['a.ts', 'b.ts'], lastActivityAt: '2026-12-02T10:00:00Z', tokens: { 'claude-opus-4-6': { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 } } }), person: { key: 'dana@acme.dev', label: `Dana ${EVIL}` } },
  { summary: summary('s-2', { lastPrompt: 'second\nprompt', repo: '__proto__/x', status: 'ended', tokens: { 'claude-mystery-9': { input: 5, output: 1, cacheRead: 0, cacheWrite: 0 } }, unpricedModels: ['claude-mystery-9'] }), person: { key: '__proto__', label: '__proto__' } },
];

const page = (input: Partial<IndexPageInput> = {}) => renderIndexPage({ rows, matching: 2, group: 'repo', form: {}, choices: { repos: ['acme/app', '__proto__/x'], people: rows.map((r) => r.person) }, live: true, ...input });

describe('index page', () => {
  it("titles a row with Claude Code's title, else the first prompt, else (summaries stored before it was kept) the last", () => {
    expect(sessionTitle(summary('t', { title: 'Own title', firstPrompt: 'first', lastPrompt: 'latest' }))).toBe('Own title');
    expect(sessionTitle(summary('t', { firstPrompt: 'Make the\nbuild green', lastPrompt: 'latest' }))).toBe('Make the build green');
    const older = summary('t', { lastPrompt: 'latest' });
    delete older.firstPrompt;
    expect(sessionTitle(older)).toBe('latest');
  });

  it('links every row to its session and keeps strings from summaries as text', () => {
    const html = page();
    expect(html).toContain('<a href="/s/s-1">Fix &lt;script&gt;alert(1)&lt;/script&gt;</a>');
    expect(html).toContain('<a href="/s/s-2">second prompt</a>');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('<td>Dana &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).toContain('<td class="num">$1.50</td><td class="num">2</td>');
    expect(html).toContain('price unknown');
    expect(html).toContain('<span class="dot" data-status="running" aria-hidden="true"></span><span data-status-text>running</span>');
    expect(html).toContain('<time datetime="2026-12-02T10:00:00.000Z" data-last-activity>2026-12-02 10:00 UTC</time>');
    expect(html).toContain('<script type="module" src="/assets/index.js"></script>');
  });

  it('groups by repository or person, newest group first, each with a link to only its sessions', () => {
    const byRepo = page();
    expect(byRepo.indexOf('<h2>acme/app')).toBeLessThan(byRepo.indexOf('<h2>__proto__/x'));
    expect(byRepo).toContain('href="/?repo=acme%2Fapp"');
    const byPerson = page({ group: 'person' });
    expect(byPerson).toContain('<h2>Dana &lt;script&gt;');
    expect(byPerson).toContain('href="/?person=__proto__"');
    expect(page({ group: 'none' })).not.toContain('<h2>');
  });

  it('offers more when the limit cut the list, keeping the filters', () => {
    const html = page({ rows: rows.slice(0, 1), matching: 2, nextLimit: 100, form: { status: 'running', limit: '50' } });
    expect(html).toContain('2 sessions, the newest 1 shown');
    expect(html).toContain('<a href="/?status=running&amp;limit=100" rel="next">More sessions</a>');
    expect(page({ rows: rows.slice(0, 1), matching: 2 })).toContain('narrow the filters');
  });

  it('shows problems instead of the list, with the values as typed', () => {
    const html = page({ rows: [], matching: 0, problems: ['“status” must be one of …'], form: { status: `"><b>${EVIL}` } });
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('data-session-id');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('value="&quot;&gt;&lt;b&gt;&lt;script&gt;');
  });

  it('builds hrefs without empty fields', () => {
    expect(indexHref({ repo: '', status: 'idle' }, { group: 'none' })).toBe('/?status=idle&group=none');
    expect(indexHref({})).toBe('/');
  });
});

describe('usage page', () => {
  it('charts and tabulates the team\'s week as the reader may see it', async () => {
    const { summaries, gate, now } = teamWeek();
    const report = await computeUsage({ gate }, summaries, { filter: { kind: 'all' }, window: { from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z') }, readers: [{ kind: 'person', userId: LEE }, { kind: 'channel', channel: TEAM }] });
    expect([...report.byDay.keys()].sort()).toEqual(['2026-12-01', '2026-12-02']);
    expect(report.byDay.get('2026-12-01')?.costUsd).toBeCloseTo(17.75, 6);
    const days = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
    const html = renderUsagePage({ report, days, periodText: 'the last 7 days', form: {}, personLabel: (k) => (k === null ? 'unknown' : `<${k}>`) });
    expect(now.toISOString().slice(0, 10)).toBe(days.at(-1));
    for (const id of ['tokens-per-day', 'cost-per-day', 'cache-hit-rate', 'cost-per-person', 'cost-per-repo']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<strong>2</strong>');
    expect(html).toContain('$20.75 (partial)');
    expect(html).toContain(`&lt;${LEE}&gt;`);
    expect(html).not.toContain(`<${LEE}>`);
    expect(html).toContain('<th scope="row">claude-mystery-9</th>');
    expect(html).toContain('<th scope="row">2026-12-01</th>');
  });

  it('says so when nothing counts, and shows problems', () => {
    const empty = { sessions: 0, prompts: 0, tokens: new Map(), costUsd: 0, unpricedModels: [] };
    const html = renderUsagePage({ report: { window: { from: new Date(0), to: new Date(1) }, filter: { kind: 'all' }, total: empty, byPerson: new Map(), byRepo: new Map(), byDay: new Map() }, days: ['2026-12-01'], periodText: 'x', form: {}, personLabel: String });
    expect(html).toContain('No session you may read was active in this period.');
    expect(html).not.toContain('<svg');
    expect(renderUsagePage({ report: undefined, days: [], periodText: '', form: { from: EVIL }, personLabel: String, problems: ['bad'] })).not.toContain(EVIL);
  });
});
