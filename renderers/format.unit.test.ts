import { describe, expect, it } from 'vitest';
import { cacheHitRate, formatAgo, formatCount, formatDuration, formatPercent, formatUsd, modelLabel, oneLine, personName, sessionPlace, statusPhrase } from './format.js';
import { sampleSummary } from '../test/support/cardFixtures.js';

describe('card formatting', () => {
  it.each([
    [0, '0'], [-5, '0'], [Number.NaN, '0'], [7, '7'], [1204, '1,204'], [9999, '9,999'], [10_000, '10k'], [48_310, '48.3k'],
    [186_220, '186k'], [999_999, '1M'], [2_912_400, '2.91M'], [1.2e9, '1.2B'], [9e12, '9T'], [7.9e16, '79,000T'],
  ])('formatCount(%s) = %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it('formats dollars, with sub-cent costs shown as such', () => {
    expect([formatUsd(0), formatUsd(0.004), formatUsd(2.4817), formatUsd(1204.1), formatUsd(123_456_789.987)]).toEqual(['$0.00', '<$0.01', '$2.48', '$1,204.10', '$123,456,789.99']);
  });

  it('computes the cache hit rate as cacheRead / (input + cacheRead + cacheWrite)', () => {
    expect(cacheHitRate({ input: 10, output: 999, cacheRead: 80, cacheWrite: 10 })).toBe(0.8);
    expect(cacheHitRate({ input: 0, output: 5, cacheRead: 0, cacheWrite: 0 })).toBeUndefined();
    expect([formatPercent(0.9395), formatPercent(0.001), formatPercent(0), formatPercent(1)]).toEqual(['94%', '<1%', '0%', '100%']);
  });

  it('says durations and ages coarsely, relative to the given now', () => {
    const now = new Date('2026-11-21T14:35:00Z');
    expect([formatDuration(45_000), formatDuration(180_000), formatDuration(5_220_000), formatDuration(7_200_000), formatDuration(86_400_000 * 3)]).toEqual(['45 s', '3 min', '1 h 27 min', '2 h', '3 days']);
    expect(formatAgo('2026-11-21T14:32:00Z', now)).toBe('3 min ago');
    expect(formatAgo('2026-11-21T14:34:55Z', now)).toBe('just now');
    expect(formatAgo('2026-11-21T15:00:00Z', now)).toBe('just now');
    expect(formatAgo('not a date', now)).toBeUndefined();
  });

  it.each([
    ['claude-sonnet-4-5-20250929', 'Sonnet 4.5'], ['claude-opus-4-6', 'Opus 4.6'], ['claude-sonnet-4-20250514', 'Sonnet 4'],
    ['claude-opus-4-1-20250805', 'Opus 4.1'], ['claude-3-5-haiku-20241022', 'Haiku 3.5'], ['gpt-oss', 'gpt-oss'],
  ])('names model %s as %s', (model, label) => {
    expect(modelLabel(model)).toBe(label);
  });

  it('finds the place, the person and the status phrase', () => {
    const s = sampleSummary();
    expect(sessionPlace(s)).toBe('acme/payments-api');
    expect(sessionPlace({ ...s, repo: null, cwd: '/home/dana/src/kap/' })).toBe('kap');
    expect(sessionPlace({ ...s, repo: ' ', cwd: null })).toBe('unknown repo');
    expect([personName('Dana Reyes <dana@acme.dev>'), personName('<dana@acme.dev>'), personName('dana'), personName(null)]).toEqual(['Dana Reyes', 'dana@acme.dev', 'dana', undefined]);
    expect(statusPhrase(s)).toBe('waiting on permission: Bash');
    expect(statusPhrase({ ...s, waitingFor: 'input for github' })).toBe('waiting on input for github');
    expect(statusPhrase({ ...s, status: 'running' })).toBe('running');
  });

  it('flattens whitespace and drops control characters', () => {
    expect(oneLine(' a\n\tb\u0000\u0007 c ')).toBe('a b c');
  });
});
