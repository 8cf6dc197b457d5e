/**
 * Hand-made sessions for the recap tests and the recap benchmark, built as projection states (summary and
 * timeline) directly, so a test names exactly the facts it checks. Real sessions come from the corpus
 * (recaps/rulesRecap.int.test.ts).
 */
import { initialSessionState } from '../../projections/sessionSummary.js';
import type { SessionSummary } from '../../projections/sessionSummary.js';
import type { SessionTimeline, TimelineItem, ToolCallItem } from '../../projections/sessionTimelineTypes.js';
import type { JsonObject } from '../../stores/eventStore.js';
import type { RecapInput } from '../../recaps/recapper.js';

export const FIXTURE_CWD = '/home/dana/src/payments-api';
export const FAILING_TEST = 'src/refunds/rounding.test.ts > roundHalfEven > rounds negative refunds half to even';
export const FIRST_PROMPT = 'Make roundHalfEven match the ledger for refunds. Add tests for amounts under 0.01 and for negative refunds.';

/** vitest 4 output of a run with one failing test (as a failing Bash tool_result: `Exit code 1` first). */
export const VITEST_FAILURE = [
  'Exit code 1',
  '',
  ' RUN  v4.1.12 /home/dana/src/payments-api',
  '',
  ' ❯ src/refunds/rounding.test.ts (3 tests | 1 failed) 12ms',
  '   ✓ roundHalfEven > rounds 0.105 to 0.10 2ms',
  '   ✓ roundHalfEven > keeps amounts under 0.01 1ms',
  '   × roundHalfEven > rounds negative refunds half to even 4ms',
  '',
  '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯',
  '',
  ` FAIL  ${FAILING_TEST}`,
  'AssertionError: expected -0.11 to be -0.1 // Object.is equality',
  ' ❯ src/refunds/rounding.test.ts:21:34',
  '',
  ' Test Files  1 failed (1)',
  '      Tests  1 failed | 2 passed (3)',
].join('\n');

let toolCounter = 0;

/** A tool call item; `result` omitted → no result yet. */
export function toolCall(name: string, input: JsonObject, result?: { text: string; isError?: boolean }, subagentId: string | null = null): ToolCallItem {
  toolCounter += 1;
  return {
    kind: 'tool',
    at: null,
    id: `toolu_fixture_${toolCounter}`,
    name,
    input,
    inputTruncated: false,
    result: result ? { at: null, text: result.text, truncated: false, fullLength: result.text.length, isError: result.isError ?? false } : null,
    subagentId,
  };
}

export const prompt = (text: string): TimelineItem => ({ kind: 'prompt', at: null, text, truncated: false });
export const said = (text: string, messageId = `msg_${text.length}`): TimelineItem => ({ kind: 'text', at: null, messageId, model: 'claude-sonnet-4-5', text, truncated: false });
export const bash = (command: string, output: string, isError = false) => toolCall('Bash', { command }, { text: output, isError });

/** A summary of the fixture session, with `overrides`. */
export function fixtureSummary(sessionId: string, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    ...initialSessionState(sessionId).summary,
    repo: 'acme/payments-api',
    branch: 'fix/refund-rounding',
    cwd: FIXTURE_CWD,
    user: 'Dana Reyes <dana@acme.dev>',
    status: 'idle',
    prompts: 1,
    filesChanged: [`${FIXTURE_CWD}/src/refunds/rounding.ts`, `${FIXTURE_CWD}/src/money/decimal.ts`],
    lastPrompt: FIRST_PROMPT,
    title: 'Fix refund rounding to match the ledger',
    revision: 42,
    ...overrides,
  };
}

/** A timeline holding `items` (main thread) and `subagents`. */
export function fixtureTimeline(sessionId: string, items: TimelineItem[], subagents: SessionTimeline['subagents'] = {}): SessionTimeline {
  return {
    sessionId,
    revision: 42,
    items,
    subagents,
    index: { tools: {}, texts: {}, pendingResults: {}, subagentCalls: {}, runPrompts: {}, agentOfTool: {}, toolOfAgent: {}, sidechainLines: {} },
  };
}

/**
 * A session that ends with `npx vitest run` failing on FAILING_TEST, a TodoWrite list with one completed, one
 * in-progress and one pending todo, a passing build, an exploration command, a subagent run and two edits.
 */
export function failingVitestSession(sessionId = 'fixture-failing-vitest'): RecapInput {
  const agent = toolCall('Agent', { description: 'Find the ledger rounding rule', prompt: 'Find how the ledger rounds refunds.', subagent_type: 'Explore' }, { text: 'The ledger rounds half to even on the absolute amount, then applies the sign.' }, 'agent-ledger');
  const items: TimelineItem[] = [
    prompt(FIRST_PROMPT),
    said('I will plan this, then write the failing tests first.'),
    toolCall('TodoWrite', {
      todos: [
        { content: 'Write tests for refunds under 0.01', status: 'completed', activeForm: 'Writing tests for refunds under 0.01' },
        { content: 'Fix roundHalfEven for negative refunds', status: 'in_progress', activeForm: 'Fixing roundHalfEven for negative refunds' },
        { content: 'Document the rounding rule in docs/refunds.md', status: 'pending', activeForm: 'Documenting the rounding rule' },
      ],
    }, { text: 'Todos have been modified successfully.' }),
    toolCall('Edit', { file_path: `${FIXTURE_CWD}/src/refunds/rounding.ts`, old_string: 'a', new_string: 'b' }, { text: 'The file has been updated.' }),
    bash('npm run build', '> payments-api@1.0.0 build\n> tsc -p tsconfig.json'),
    bash('ls src/refunds', 'index.ts\nrounding.test.ts\nrounding.ts'),
    agent,
    toolCall('Edit', { file_path: `${FIXTURE_CWD}/src/money/decimal.ts`, old_string: 'c', new_string: 'd' }, { text: 'The file has been updated.' }),
    bash('npx vitest run', VITEST_FAILURE, true),
    said('The negative case still fails: decimal.ts rounds before applying the sign. Looking at it next.'),
  ];
  const subagents: SessionTimeline['subagents'] = {
    'agent-ledger': {
      agentId: 'agent-ledger',
      toolUseId: agent.id,
      prompt: 'Find how the ledger rounds refunds.',
      promptTruncated: false,
      model: 'claude-haiku-4-5',
      startedAt: null,
      items: [bash('grep -rn round ledger/', 'ledger/round.go:12: // half to even on abs'), said('Found it in ledger/round.go.')],
    },
  };
  return { summary: fixtureSummary(sessionId), timeline: fixtureTimeline(sessionId, items, subagents) };
}

/** A valid recap, as a model would send it through `record_recap`. */
export function sampleRecapInput(): Record<string, unknown> {
  return {
    goal: 'Make roundHalfEven match the ledger for refunds, with tests for tiny and negative amounts.',
    done: ['Wrote tests for refunds under 0.01', 'Found the ledger rule: half to even on the absolute amount'],
    currentState: {
      summary: 'One test fails: negative refunds round before the sign is applied.',
      failingTests: [FAILING_TEST],
      openErrors: ['`npx vitest run`: AssertionError: expected -0.11 to be -0.1'],
      filesInFlight: ['src/money/decimal.ts', 'src/refunds/rounding.ts'],
    },
    next: ['Apply the sign after rounding in decimal.ts', 'Document the rounding rule in docs/refunds.md'],
  };
}
