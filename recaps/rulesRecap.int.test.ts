/**
 * Rules recaps of real sessions: the spotter and claude-code-viewer corpus folders imported into a test Kap
 * through `kap import`'s path (test/support/importCorpus.ts), each session's stream folded into its
 * timeline, next to the summary Kap's projection made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { RECAP_LIMITS as L, RecapSchema } from './recap.js';
import type { Recap } from './recap.js';
import { buildRecapRequest, DEFAULT_INPUT_BUDGET_TOKENS } from './recapPrompt.js';
import type { RecapInput } from './recapper.js';
import { rulesRecap, rulesRecapRecord } from './rulesRecap.js';
import { sessionFacts } from './sessionFacts.js';

/** The corpus's longest session (2.1.38, subagent files, compaction). */
const LONG_SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';
/** A 1.0.x session with TodoWrite lists and inline subagents. */
const TODO_SESSION = 'fe5e1c67-53e7-4862-81ae-d0e013e3270b';

function expectWithinLimits(id: string, recap: Recap): void {
  expect({ id, issues: RecapSchema.safeParse(recap).error?.issues ?? [] }).toEqual({ id, issues: [] });
  const s = recap.currentState;
  const lists: [string[], number, number][] = [
    [recap.done, L.done, L.itemChars],
    [recap.next, L.next, L.itemChars],
    [s.failingTests, L.failingTests, L.itemChars],
    [s.openErrors, L.openErrors, L.errorChars],
    [s.filesInFlight, L.filesInFlight, L.itemChars],
  ];
  for (const [list, count, chars] of lists) {
    expect(list.length).toBeLessThanOrEqual(count);
    for (const entry of list) expect(entry.length).toBeLessThanOrEqual(chars);
  }
  expect(recap.goal.length).toBeGreaterThan(0);
  expect(recap.goal.length).toBeLessThanOrEqual(L.goalChars);
  expect(s.summary.length).toBeLessThanOrEqual(L.summaryChars);
}

describe('rules recap of real sessions', () => {
  let kap: KapUnderTest;
  const inputs = new Map<string, RecapInput>();

  beforeAll(async () => {
    kap = await startKapForTest();
    const report = await importCorpus(kap, ['spotter', 'claude-code-viewer']);
    for (const id of report.sessions) {
      const events: RecordedEvent[] = [];
      for await (const e of kap.store.readStream(sessionStream(id))) events.push(e);
      inputs.set(id, { summary: (await kap.summary(id))!, timeline: foldTimelineEvents(initialTimeline(id), events) });
    }
  }, 120_000);
  afterAll(() => kap?.close());

  it('takes the goal from the first prompt of the longest session, and stays within every limit', () => {
    const input = inputs.get(LONG_SESSION)!;
    const first = input.timeline.items.find((i) => i.kind === 'prompt');
    expect(first?.kind).toBe('prompt');
    const recap = rulesRecap(sessionFacts(input.summary, input.timeline), input.summary);
    expect(recap.goal).toBe(first!.kind === 'prompt' && first!.text.replace(/\s+/g, ' ').trim());
    expect(recap.goal).toMatch(/^Work on bead spotter-4te\./);
    expectWithinLimits(LONG_SESSION, recap);
    expect(recap.done.length).toBeGreaterThan(0);
  });

  it('makes a recap within the limits for every session, the same one each time', () => {
    expect(inputs.size).toBe(8);
    const at = new Date('2026-11-21T14:35:00.000Z');
    for (const [id, input] of inputs) {
      const record = rulesRecapRecord(input, at);
      expectWithinLimits(id, record.recap);
      expect(record).toEqual(rulesRecapRecord(input, at));
      expect(record.sessionRevision).toBe(input.summary.revision);
    }
  });

  it('follows the last TodoWrite list of a 1.0.x session', () => {
    const input = inputs.get(TODO_SESSION)!;
    const facts = sessionFacts(input.summary, input.timeline);
    const lastWrite = input.timeline.items.filter((i) => i.kind === 'tool' && i.name === 'TodoWrite').at(-1);
    const todos = lastWrite?.kind === 'tool' ? (lastWrite.input.todos as { content: string; status: string }[]) : [];
    expect(todos.length).toBeGreaterThan(0);
    expect(facts.todos.map((t) => [t.content, t.status])).toEqual(todos.map((t) => [t.content, t.status]));
    const recap = rulesRecap(facts, input.summary);
    const completed = todos.filter((t) => t.status === 'completed').map((t) => t.content);
    expect(recap.done.slice(0, completed.length)).toEqual([...completed].reverse().slice(0, L.done));
  });

  it('builds an LLM request within the default budget for every session', () => {
    for (const [id, input] of inputs) {
      const request = buildRecapRequest(input.summary, input.timeline);
      expect({ id, within: request.estimatedInputTokens <= DEFAULT_INPUT_BUDGET_TOKENS }).toEqual({ id, within: true });
    }
  });
});
