import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { ambiguity } from './resolveSession.js';
import { formatSessionTable, moreSessionsHint, shortIds } from './sessionTable.js';

const zero = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
const summary = (id: string, parts: Partial<SessionSummary> = {}): SessionSummary => ({ ...initialSessionState(id).summary, ...parts });

const LOGIN = summary('7f0c2a52-0d7e-4d0e-9a3e-0123456789ab', {
  status: 'running',
  lastActivityAt: '2026-03-04T10:05:59.123Z',
  repo: 'acme/app',
  branch: 'main',
  title: 'Fix the flaky login test',
  prompts: 3,
  costUsd: 0.4213,
  tokens: { 'claude-sonnet-4-5': { ...zero, input: 10 } },
});
const NOTES = summary('c0ffee00-1111-4000-8000-000000000002', {
  status: 'ended',
  lastActivityAt: '2026-03-03T08:00:00.000Z',
  cwd: '/home/dana/notes',
  lastPrompt: 'Write the release notes\nfor 1.2, with the\tchanges since 1.1',
  prompts: 12,
  costUsd: 0,
  unpricedModels: ['claude-x'],
});
const PARTIAL = summary('c0ffee00-2222-4000-8000-000000000003', { status: 'idle', repo: 'acme/api', costUsd: 1.5, unpricedModels: ['claude-x'] });

describe('formatSessionTable', () => {
  it('lines the columns up under a header, with short ids, the title and the cost as the cards show it', () => {
    const lines = formatSessionTable([LOGIN, NOTES, PARTIAL]).split('\n');
    expect(lines).toEqual([
      'SESSION     STATUS   LAST ACTIVITY     REPO@BRANCH       TITLE                                                        PROMPTS  COST',
      '7f0c2a52    running  2026-03-04 10:05  acme/app@main     Fix the flaky login test                                           3  $0.42',
      'c0ffee00-1  ended    2026-03-03 08:00  /home/dana/notes  Write the release notes for 1.2, with the changes since 1.1       12  price unknown',
      'c0ffee00-2  idle     -                 acme/api                                                                             0  $1.50 (partial)',
    ]);
  });

  it('cuts the title to fit the terminal, never narrower than 12 characters', () => {
    const wide = formatSessionTable([LOGIN], 200).split('\n');
    expect(wide[1]).toContain('Fix the flaky login test');
    const narrow = formatSessionTable([LOGIN], 80).split('\n');
    expect(narrow.every((line) => line.length <= 80)).toBe(true);
    expect(narrow[1]).toMatch(/ Fix the fla…\s+3  \$0\.42$/);
    expect(formatSessionTable([LOGIN], 20).split('\n')[1]).toContain(' Fix the fla… ');
  });

  it('keeps control characters out: a title cannot drive the terminal', () => {
    const table = formatSessionTable([summary('e1', { title: 'Evil\u001b[2J title\r\nnext', repo: 'acme/x\u0007' })]);
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(table.split('\n')).toHaveLength(2);
  });
});

describe('shortIds', () => {
  it('cuts to 8 characters, longer only where two ids would look alike', () => {
    expect(shortIds(['7f0c2a52-0d7e', 'c0ffee00-0000-1', 'c0ffee00-0000-2', 'short'])).toEqual(['7f0c2a52', 'c0ffee00-0000-1', 'c0ffee00-0000-2', 'short']);
  });
});

describe('moreSessionsHint', () => {
  it('says how many there are when the list stops short, and nothing otherwise', () => {
    expect(moreSessionsHint(20, 1340)).toBe('Showing 20 of 1,340 sessions — use --limit to see more.');
    expect(moreSessionsHint(3, 3)).toBeUndefined();
  });
});

describe('ambiguity', () => {
  it('lists the candidates, most recent first, and how many more there are', () => {
    expect(ambiguity('c0ffee00', [NOTES, PARTIAL], 5)).toBe(
      [
        '5 sessions start with c0ffee00; give more of the id:',
        '  c0ffee00-1111-4000-8000-000000000002  2026-03-03 08:00  /home/dana/notes  Write the release notes for 1.2, with the changes since 1.1',
        '  c0ffee00-2222-4000-8000-000000000003  -  acme/api',
        '  … and 3 more',
      ].join('\n'),
    );
  });
});
