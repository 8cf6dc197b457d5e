import { describe, expect, it } from 'vitest';
import { RECAP_LIMITS, RecapSchema } from './recap.js';
import { bash, failingVitestSession, FAILING_TEST, FIRST_PROMPT, fixtureSummary, fixtureTimeline, prompt, toolCall, VITEST_FAILURE } from '../test/support/recapFixtures.js';
import { recapToMarkdown } from './recapMarkdown.js';
import { createRulesRecapper, rulesRecap, rulesRecapRecord } from './rulesRecap.js';
import { REJECTED, sessionFacts } from './sessionFacts.js';

const NOW = new Date('2026-11-21T14:35:00.000Z');

describe('rules recap of a session whose last test run fails', () => {
  const input = failingVitestSession();
  const recap = rulesRecap(sessionFacts(input.summary, input.timeline), input.summary);

  it('names the failing test from the vitest output, once', () => {
    expect(recap.currentState.failingTests).toEqual([FAILING_TEST]);
    expect(recap.currentState.openErrors[0]).toContain('`npx vitest run` failed: AssertionError: expected -0.11 to be -0.1');
    expect(recap.currentState.summary).toContain('Last open failure: `npx vitest run` with 1 failing test.');
  });

  it('puts in-progress then pending todos in next, completed todos and passing work in done', () => {
    expect(recap.next).toEqual(['Finish: Fix roundHalfEven for negative refunds', 'Document the rounding rule in docs/refunds.md']);
    expect(recap.done[0]).toBe('Write tests for refunds under 0.01');
    expect(recap.done).toContain('Ran `npm run build`');
    expect(recap.done).toContain('Find the ledger rounding rule (subagent: Explore)');
    expect(recap.done.join('\n')).not.toContain('ls src');
    expect(recap.done.join('\n')).not.toContain('vitest');
  });

  it('takes the goal from the first prompt and the files in flight from the last edits, relative to the cwd', () => {
    expect(recap.goal).toBe(FIRST_PROMPT);
    expect(recap.currentState.filesInFlight).toEqual(['src/money/decimal.ts', 'src/refunds/rounding.ts']);
  });

  it('is deterministic and labelled rules', async () => {
    const record = rulesRecapRecord(input, NOW);
    expect(record).toEqual(rulesRecapRecord(failingVitestSession(), NOW));
    expect(record).toMatchObject({ source: 'rules', model: null, sessionRevision: 42, generatedAt: NOW.toISOString() });
    expect(await createRulesRecapper({ now: () => NOW }).recap(input)).toEqual({ ok: true, record });
    expect(RecapSchema.parse(record.recap)).toEqual(record.recap);
  });

  it('renders Markdown with the session line and the rules label', () => {
    const md = recapToMarkdown(rulesRecapRecord(input, NOW), input.summary);
    expect(md).toContain('acme/payments-api · fix/refund-rounding · idle');
    expect(md).toContain('Rule-based recap');
    expect(md).toContain(`- ${FAILING_TEST}`);
    expect(md.indexOf('## Goal')).toBeLessThan(md.indexOf('## Done'));
    expect(md.indexOf('## Current state')).toBeLessThan(md.indexOf('## Next'));
  });

  it('does not call itself stale when only Kap\'s own events (its RecapGenerated) came after what it covers', () => {
    const summary = { ...input.summary, revision: 43, activityRevision: 42 };
    const record = { ...rulesRecapRecord(input, NOW), sessionRevision: 42 };
    expect(recapToMarkdown(record, summary)).not.toContain('moved on');
    expect(recapToMarkdown(record, { ...summary, revision: 44, activityRevision: 44 })).toContain('The session has moved on since (revision 44).');
  });
});

describe('rules recap rules', () => {
  const recapOf = (items: Parameters<typeof fixtureTimeline>[1], summary = fixtureSummary('s')) =>
    rulesRecap(sessionFacts(summary, fixtureTimeline('s', items)), summary);

  it('drops a failure once the same command passes again, and lists that run as done', () => {
    const recap = recapOf([prompt('fix it'), bash('npx vitest run', VITEST_FAILURE, true), bash('cd /repo && npx vitest run 2>&1', ' Test Files  1 passed (1)')]);
    expect(recap.currentState.failingTests).toEqual([]);
    expect(recap.currentState.openErrors).toEqual([]);
    expect(recap.done).toEqual(['Ran `cd /repo && npx vitest run 2>&1`']);
    expect(recap.next).toEqual(['Pick up from the last prompt: "Make roundHalfEven match the ledger for refunds. Add tests for amounts under 0.01 and for negative refunds."']);
  });

  it('suggests re-running the failing command when there are no todos', () => {
    const recap = recapOf([prompt('fix it'), bash('npx vitest run', VITEST_FAILURE, true)]);
    expect(recap.next[0]).toBe(`Fix ${FAILING_TEST}, then re-run \`npx vitest run\``);
  });

  it('follows TaskCreate / TaskUpdate (2.x tasks): completed → done, pending → next, deleted → gone', () => {
    const created = (id: string, subject: string) => toolCall('TaskCreate', { subject, description: subject }, { text: `Task #${id} created successfully: ${subject}` });
    const update = (taskId: string, status: string) => toolCall('TaskUpdate', { taskId, status }, { text: `Updated task #${taskId} status` });
    const recap = recapOf([
      prompt('refactor the parser'),
      created('1', 'Split the tokenizer out'),
      created('2', 'Add error recovery'),
      created('3', 'Try a PEG rewrite'),
      update('1', 'completed'),
      update('2', 'in_progress'),
      update('3', 'deleted'),
    ]);
    expect(recap.done).toEqual(['Split the tokenizer out']);
    expect(recap.next).toEqual(['Finish: Add error recovery']);
    expect(JSON.stringify(recap)).not.toContain('PEG');
  });

  it('ignores a TodoWrite the tool refused, and takes the goal past a bare slash command', () => {
    const refused = toolCall('TodoWrite', { todos: [{ content: 'never', status: 'pending', activeForm: 'never' }] }, { text: 'No such tool available: TodoWrite', isError: true });
    const recap = recapOf([prompt('/clear'), prompt('Port the CLI to commander.\n\nKeep the flags.'), refused]);
    expect(recap.goal).toBe('Port the CLI to commander.');
    expect(JSON.stringify(recap.next)).not.toContain('never');
  });

  it('stays within every limit for an enormous session', () => {
    const huge = 'x'.repeat(5_000);
    const todos = Array.from({ length: 500 }, (_, i) => ({ content: `${i} ${huge}`, status: i % 2 ? 'completed' : 'pending', activeForm: huge }));
    const failing = Array.from({ length: 300 }, (_, i) => `FAILED tests/t${i}.py::test_${huge.slice(0, 300)}`).join('\n');
    const items = [prompt(huge), toolCall('TodoWrite', { todos }, { text: 'ok' })];
    for (let i = 0; i < 200; i++) items.push(bash(`make target-${i} ${huge}`, 'ok'), bash(`pytest -k ${i}`, failing, true));
    for (let i = 0; i < 200; i++) items.push(toolCall('Write', { file_path: `/repo/${huge}/${i}.py`, content: '' }, { text: 'ok' }));
    const recap = recapOf(items, fixtureSummary('s', { lastPrompt: huge, waitingFor: huge, status: 'waiting' }));
    expect(RecapSchema.safeParse(recap).success).toBe(true);
    expect(recap.goal.length).toBeLessThanOrEqual(RECAP_LIMITS.goalChars);
    expect(recap.done).toHaveLength(RECAP_LIMITS.done);
    expect(recap.currentState.failingTests).toHaveLength(RECAP_LIMITS.failingTests);
    expect(recap.currentState.openErrors).toHaveLength(RECAP_LIMITS.openErrors);
    expect(recap.currentState.filesInFlight).toHaveLength(RECAP_LIMITS.filesInFlight);
    expect(recap.next).toHaveLength(RECAP_LIMITS.next);
  });
});

describe('which failures are still open', () => {
  const factsOf = (items: Parameters<typeof fixtureTimeline>[1]) => sessionFacts(fixtureSummary('s'), fixtureTimeline('s', items));

  it('counts a later pass of the same runner (a wider test run, another commit message) as the fix', () => {
    const facts = factsOf([
      bash('npx vitest run src/refunds', VITEST_FAILURE, true),
      bash('git add -A && git commit -m "wip"', 'Pre-commit validation failed:\n[FORMAT] Code is not formatted.', true),
      bash('npx vitest run', ' Test Files  4 passed (4)'),
      bash('git commit --no-verify -m "fix: rounding"', '[main 1a2b3c4] fix: rounding'),
    ]);
    expect(facts.openFailures).toEqual([]);
    expect(facts.failingTests).toEqual([]);
  });

  it('keeps a failure whose runner did not pass since, with the line naming the error', () => {
    const facts = factsOf([
      bash('npm run build', 'npm warn Unknown env config "store-dir".\n\n> Build error occurred\n[TypeError: generate is not a function]', true),
      bash('npm run lint', 'ok'),
      bash('ls build', 'ls: cannot access build: No such file or directory', true),
    ]);
    expect(facts.openFailures.map((c) => [c.command, c.errorLine])).toEqual([['npm run build', '[TypeError: generate is not a function]']]);
  });

  it('does not count a tool call the person rejected as an open error', () => {
    const rejected = `${REJECTED}. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).`;
    const facts = factsOf([bash('mix phx.server', rejected, true), toolCall('Glob', { pattern: 'mix.exs' }, { text: rejected, isError: true })]);
    expect(facts.openFailures).toEqual([]);
    expect(facts.lastToolError).toBeNull();
  });

  it('reports the last failed tool call unless the same tool succeeded later', () => {
    const notRead = { text: '<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>', isError: true };
    const edit = (file: string, result: { text: string; isError?: boolean }) => toolCall('Edit', { file_path: `/home/dana/src/payments-api/${file}` }, result);
    expect(factsOf([edit('a.ts', notRead), edit('a.ts', { text: 'ok' })]).lastToolError).toBeNull();
    const recap = rulesRecap(factsOf([edit('a.ts', { text: 'ok' }), edit('b.ts', notRead)]), fixtureSummary('s'));
    expect(recap.currentState.openErrors).toEqual(['Edit b.ts failed: File has not been read yet. Read it first before writing to it.']);
    expect(recap.next[0]).toBe('Retry the Edit on b.ts that failed');
  });
});
