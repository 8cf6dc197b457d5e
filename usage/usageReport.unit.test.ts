import { describe, expect, it } from 'vitest';
import { checkBlocks } from '../renderers/slackLimits.js';
import { DANA, foldSession, gateOver, LEE, OTHER, TEAM, teamWeek } from '../test/support/usageWorld.js';
import { parseUsageArgs, usageAnswer } from './usageCommand.js';
import { computeUsage, periodWindow } from './usageReport.js';
import type { UsageFilter } from './usageReport.js';

const { summaries, gate, now } = teamWeek();
const asLeeInTeam = [{ kind: 'person' as const, userId: LEE }, { kind: 'channel' as const, channel: TEAM }];
const week = periodWindow('week', now);
const usage = (filter: UsageFilter, readers = asLeeInTeam, window = week) => computeUsage({ gate }, summaries, { filter, window, readers });

describe('usage periods (UTC)', () => {
  it('starts today at 00:00, the week on Monday, the month on the 1st, each up to now', () => {
    expect(periodWindow('today', now)).toEqual({ from: new Date('2026-12-02T00:00:00Z'), to: now });
    expect(periodWindow('week', now)).toEqual({ from: new Date('2026-11-30T00:00:00Z'), to: now });
    expect(periodWindow('month', now)).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: now });
    expect(periodWindow('week', new Date('2026-12-06T23:59:00Z')).from).toEqual(new Date('2026-11-30T00:00:00Z'));
  });
});

describe('usage over summaries', () => {
  it('counts the sessions of the period that the asker and the channel may both read', async () => {
    const report = await usage({ kind: 'all' });
    // a and b; not c (private), d (not shared in TEAM), e (two weeks ago).
    expect(report.total.sessions).toBe(2);
    expect(report.total.prompts).toBe(5);
    expect([...report.total.tokens.keys()].sort()).toEqual(['claude-mystery-9', 'claude-opus-4-8', 'claude-sonnet-4-5-20250929']);
  });

  it('prices what it knows, names what it does not', async () => {
    const report = await usage({ kind: 'all' });
    // a: 1M in × $5 + 0.1M out × $25 + 8M read × $0.50 + 1M written × $6.25 = 17.75; b: 1M Sonnet 4.5 in × $3.
    expect(report.total.costUsd).toBeCloseTo(20.75, 6);
    expect(report.total.unpricedModels).toEqual(['claude-mystery-9']);
  });

  it('groups by person (the owner the gate resolves) and by repository', async () => {
    const report = await usage({ kind: 'all' });
    expect(report.byPerson.get(DANA)?.sessions).toBe(1);
    expect(report.byPerson.get(LEE)?.costUsd).toBe(3);
    expect(report.byRepo.get('acme/app')?.costUsd).toBeCloseTo(17.75, 6);
    expect(report.byRepo.get('acme/web')?.unpricedModels).toEqual(['claude-mystery-9']);
  });

  it('filters by person, channel and repository', async () => {
    expect((await usage({ kind: 'person', userId: DANA })).total.sessions).toBe(1);
    expect((await usage({ kind: 'repo', repo: 'ACME/web' })).byRepo.has('acme/web')).toBe(true);
    expect((await usage({ kind: 'repo', repo: 'acme/app' })).total.sessions).toBe(1);
    expect((await usage({ kind: 'channel', channel: OTHER })).total.sessions).toBe(0);
    const danaInOther = await usage({ kind: 'channel', channel: OTHER }, [{ kind: 'person', userId: DANA }, { kind: 'channel', channel: OTHER }]);
    expect(danaInOther.total.sessions).toBe(1);
  });

  it('counts the cache hit rate as cacheRead / (input + cacheRead + cacheWrite)', async () => {
    const report = await usage({ kind: 'person', userId: DANA });
    const t = report.total.tokens.get('claude-opus-4-8');
    expect(t).toEqual({ input: 1_000_000, output: 100_000, cacheRead: 8_000_000, cacheWrite: 1_000_000 });
  });

  it('does not count a session the asker may not read, even in a period and channel where it would', async () => {
    const report = await usage({ kind: 'all' }, [{ kind: 'person', userId: LEE }], periodWindow('today', now));
    expect(report.total.sessions).toBe(1); // b; c is Dana's private session
    const dana = await usage({ kind: 'all' }, [{ kind: 'person', userId: DANA }], periodWindow('today', now));
    expect(dana.total.sessions).toBe(3); // b (shared in TEAM, where Dana is), c and d (her own)
  });

  it('keeps model names from the data as keys, __proto__ included', async () => {
    const odd = foldSession({ id: 'p', email: 'lee@acme.dev', repo: 'acme/web', at: '2026-12-02T10:00:00Z', usage: JSON.parse('{"__proto__": [1, 1, 1, 1], "constructor": [2, 2, 2, 2]}') as Record<string, [number, number, number, number]>, visibility: [{ channel: TEAM, by: LEE }] });
    const report = await computeUsage({ gate: gateOver(new Map([['p', odd]])) }, [odd.summary], { filter: { kind: 'all' }, window: week, readers: asLeeInTeam });
    expect(report.total.unpricedModels).toEqual(['__proto__', 'constructor']);
  });
});

describe('/kap usage arguments', () => {
  it('reads a person, a channel or a repository and a period, as Slack sends them', () => {
    expect(parseUsageArgs('')).toEqual({ ok: true, filter: { kind: 'all' }, period: 'week' });
    expect(parseUsageArgs('usage <@U0123ABC|dana> today')).toEqual({ ok: true, filter: { kind: 'person', userId: 'U0123ABC' }, period: 'today' });
    expect(parseUsageArgs('month <#C0123ABC|team>')).toEqual({ ok: true, filter: { kind: 'channel', channel: 'C0123ABC' }, period: 'month' });
    expect(parseUsageArgs(' acme/payments-api  WEEK ')).toEqual({ ok: true, filter: { kind: 'repo', repo: 'acme/payments-api' }, period: 'week' });
  });

  it('refuses what it does not understand, with a code', () => {
    expect(parseUsageArgs('yesterday')).toEqual({ ok: false, reason: 'UNKNOWN_ARGUMENT', argument: 'yesterday' });
    expect(parseUsageArgs('<@U1> acme/app')).toMatchObject({ ok: false, reason: 'TWO_FILTERS' });
    expect(parseUsageArgs('today week')).toMatchObject({ ok: false, reason: 'TWO_PERIODS' });
  });
});

describe('usageAnswer', () => {
  const deps = { gate, readModel: { list: async () => summaries }, now: () => now };

  it('answers with blocks within Slack limits, counting what the asker and the channel may read', async () => {
    const answer = await usageAnswer(deps, { askedBy: LEE, channel: TEAM, args: 'week' });
    expect(checkBlocks(answer.blocks)).toEqual([]);
    expect(answer.text).toBe('Usage this week: 2 sessions · 5 prompts · $20.75 (partial)');
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('price unknown');
    expect(json).toContain(`<@${DANA}>`);
  });

  it('answers bad arguments with the usage line', async () => {
    const answer = await usageAnswer(deps, { askedBy: LEE, channel: TEAM, args: '<script>' });
    expect(answer.text).toContain('/kap usage');
    expect(answer.text).not.toContain('<script>');
  });
});
