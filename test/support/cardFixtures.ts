/**
 * Hand-made session summaries for the card tests and snapshots: one with every field set, and one at
 * every extreme. (Real ones come from the corpus through test/support/importCorpus.ts.)
 */
import { initialSessionState } from '../../projections/sessionSummary.js';
import type { SessionSummary } from '../../projections/sessionSummary.js';

/** The `now` the hand-made summary is seen at: 3 minutes after its status changed. */
export const SAMPLE_NOW = new Date('2026-11-21T14:35:00.000Z');

/** A waiting session with every field set: two models, eight tools, seven files. */
export function sampleSummary(): SessionSummary {
  const sessionId = '3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d';
  return {
    // Fields the card does not show keep their initial values.
    ...initialSessionState(sessionId).summary,
    sessionId,
    repo: 'acme/payments-api',
    branch: 'fix/refund-rounding',
    cwd: '/home/dana/src/payments-api',
    user: 'Dana Reyes <dana@acme.dev>',
    host: 'dana-mbp',
    status: 'waiting',
    statusSince: '2026-11-21T14:32:00.000Z',
    waitingFor: 'permission: Bash',
    startedAt: '2026-11-21T13:05:12.000Z',
    lastActivityAt: '2026-11-21T14:32:00.000Z',
    prompts: 7,
    turns: 58,
    tools: { Read: 41, Edit: 17, Bash: 23, Grep: 12, Write: 3, Task: 2, Glob: 5, TodoWrite: 4 },
    toolErrors: 3,
    tokens: {
      'claude-sonnet-4-5-20250929': { input: 1_204, output: 48_310, cacheRead: 2_912_400, cacheWrite: 186_220 },
      'claude-haiku-4-5-20251001': { input: 15_880, output: 2_140, cacheRead: 0, cacheWrite: 0 },
    },
    costUsd: 2.4817,
    filesChanged: [
      'src/refunds/rounding.ts',
      'src/refunds/rounding.test.ts',
      'src/refunds/index.ts',
      'src/money/decimal.ts',
      'docs/refunds.md',
      'CHANGELOG.md',
      'package.json',
    ],
    subagents: 2,
    lastPrompt: 'Refunds of 0.105 EUR round to 0.10 but the ledger says 0.11 — make `roundHalfEven` match the ledger and add tests for <0.01 amounts & negative refunds.',
    title: 'Fix refund rounding to match the ledger',
    revision: 412,
  };
}

/**
 * A summary at every extreme the cards must survive: megabyte prompt, 5,000-character names full of
 * mrkdwn markup, mentions and odd unicode (emoji sequences, CJK, right-to-left, combining marks, control
 * characters), 300 tools, 120 models, 5,000 files, huge numbers.
 */
export function extremeSummary(): SessionSummary {
  const odd = '*bold* _it_ ~st~ `code` <!channel> <@U123> <https://evil.example|click> & &amp; 👩‍👩‍👧‍👦 🇺🇦 漢字テスト שלום e\u0301 \u0000\u0007';
  const tools: Record<string, number> = {};
  for (let i = 0; i < 300; i++) tools[`mcp__server_${i}__${'very_long_tool_name_'.repeat(15)}${odd}`] = 1_000_000 - i;
  const tokens: SessionSummary['tokens'] = {};
  for (let i = 0; i < 120; i++) tokens[`claude-${odd}-${'m'.repeat(400)}-${i}`] = { input: 9e12, output: 8e11, cacheRead: 7e13, cacheWrite: 6e10 };
  return {
    ...sampleSummary(),
    sessionId: 'extreme-0000000000000000000000000000000000',
    repo: `${odd}/${'r'.repeat(5000)}`,
    branch: `feature/${odd}\n${'b'.repeat(5000)}`,
    cwd: `/${'d'.repeat(5000)}`,
    user: `${odd}${'u'.repeat(5000)} <${'e'.repeat(3000)}@example.com>`,
    host: `${odd}${'h'.repeat(5000)}`,
    status: 'waiting',
    waitingFor: `permission: ${odd}${'w'.repeat(5000)}`,
    prompts: 123_456_789,
    turns: 987_654_321,
    tools,
    toolErrors: 55_555,
    tokens,
    costUsd: 123_456_789.987,
    filesChanged: Array.from({ length: 5000 }, (_, i) => `${'dir/'.repeat(200)}${odd}-${i}.ts`),
    subagents: 4321,
    lastPrompt: `${odd}\n> quoted\n\`\`\`\ncode\n\`\`\`\n${'p'.repeat(1024 * 1024)}`,
    title: `${odd} ${'t'.repeat(10_000)}`,
  };
}
