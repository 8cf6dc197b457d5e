/**
 * Folds the timeline of every session of the real corpus, imported through Kap's own ingest, and checks it
 * against the session summary Kap's projection made from the same stream: the same prompts, the same tool
 * calls (each tool_use id once, subagents' included), and 2.x subagent runs nested under their Task calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { corpusDir } from '../test/support/corpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import type { SessionSummary } from './sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';
import type { SessionTimeline, TimelineItem, ToolCallItem } from './sessionTimeline.js';
import { turnStatsOf } from './sessionTurnStats.js';
import { addTokens } from './tokenCounts.js';
import type { TokenCounts } from './tokenCounts.js';

const SPOTTER_2X = ['ae4a77f8-aedd-4bc1-888f-c94edc91af04', 'fa812bfe-b295-4cca-9c2f-fdf01028cb46'];

function allToolCalls(t: SessionTimeline): ToolCallItem[] {
  const tools = (items: TimelineItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool');
  return [...tools(t.items), ...Object.values(t.subagents).flatMap((r) => tools(r.items))];
}

describe('session timeline of the real corpus', () => {
  let kap: KapUnderTest;
  let sessions: string[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const summaries = new Map<string, SessionSummary>();

  // `kap import` into a Kap on a throwaway data dir; the summaries are its projection's.
  beforeAll(async () => {
    kap = await startKapForTest();
    const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
    const report = await importFiles(findImportFiles([corpusDir()]), { send: (batch) => postBatch(target, batch) });
    expect(report.errors).toEqual([]);
    sessions = report.sessions;
    await kap.settled(sessions);
    for (const id of sessions) {
      const events: RecordedEvent[] = [];
      for await (const e of kap.store.readStream(sessionStream(id))) events.push(e);
      streams.set(id, events);
      summaries.set(id, (await kap.summary(id))!);
    }
  }, 120_000);
  afterAll(() => kap?.close());

  it('folds every session, with as many prompts and tool calls as its summary counts', () => {
    const transcriptSessions = sessions.filter((id) => streams.get(id)!.some((e) => e.type === 'TranscriptLine'));
    expect(transcriptSessions.length).toBeGreaterThanOrEqual(9);
    for (const id of sessions) {
      const timeline = foldTimelineEvents(initialTimeline(id), streams.get(id)!);
      const calls = allToolCalls(timeline);
      const s = summaries.get(id)!;
      const toolCount = Object.values(s.tools).reduce((a, b) => a + b, 0);
      expect({ id, revision: timeline.revision }).toEqual({ id, revision: s.revision });
      expect({ id, prompts: timeline.items.filter((i) => i.kind === 'prompt').length }).toEqual({ id, prompts: s.prompts });
      expect({ id, tools: calls.length }).toEqual({ id, tools: toolCount });
      expect({ id, ids: new Set(calls.map((c) => c.id)).size }).toEqual({ id, ids: calls.length });
      expect({ id, errors: calls.filter((c) => c.result?.isError).length }).toEqual({ id, errors: s.toolErrors });
    }
  });

  it('counts every token the summary counts in exactly one turn, subagents\' included, and numbers turns by the prompts', () => {
    for (const id of sessions) {
      const timeline = foldTimelineEvents(initialTimeline(id), streams.get(id)!);
      const turns = turnStatsOf(timeline);
      const s = summaries.get(id)!;
      expect({ id, prompted: turns.filter((t) => t.prompt !== null).map((t) => t.n) }).toEqual({ id, prompted: Array.from({ length: s.prompts }, (_, i) => i + 1) });
      const summed = new Map<string, TokenCounts>();
      for (const turn of turns) for (const [model, t] of Object.entries(turn.tokens)) addTokens(summed, model, t, 1);
      const nonzero = (tokens: Record<string, TokenCounts>) => Object.fromEntries(Object.entries(tokens).filter(([, t]) => t.input + t.output + t.cacheRead + t.cacheWrite > 0));
      expect({ id, tokens: nonzero(Object.fromEntries(summed)) }).toEqual({ id, tokens: nonzero(s.tokens) });
    }
  });

  it('nests the 2.x subagent runs under the Task/Agent calls that started them', () => {
    for (const id of SPOTTER_2X) {
      const timeline = foldTimelineEvents(initialTimeline(id), streams.get(id)!);
      const taskCalls = timeline.items.filter((i): i is ToolCallItem => i.kind === 'tool' && (i.name === 'Task' || i.name === 'Agent'));
      expect(taskCalls.length).toBeGreaterThan(0);
      for (const call of taskCalls) {
        const run = timeline.subagents[call.subagentId ?? ''];
        expect(run, `${id} ${call.id}`).toBeDefined();
        expect(run!.toolUseId).toBe(call.id);
        expect(run!.prompt).toBe(call.input.prompt);
        expect(run!.items.length).toBeGreaterThan(0);
      }
    }
  });

  it('nests the 1.0.x inline sidechain runs under their Task calls by prompt', () => {
    const id = 'fe5e1c67-53e7-4862-81ae-d0e013e3270b';
    const timeline = foldTimelineEvents(initialTimeline(id), streams.get(id)!);
    const runs = Object.values(timeline.subagents);
    expect(runs.length).toBe(5);
    for (const run of runs) {
      const call = allToolCalls(timeline).find((c) => c.id === run.toolUseId);
      expect(call?.subagentId).toBe(run.agentId);
      expect(call?.input.prompt).toBe(run.prompt);
    }
  });

  it('gives the same timeline when the stream is delivered twice, or in two halves', () => {
    for (const id of SPOTTER_2X) {
      const events = streams.get(id)!;
      const once = foldTimelineEvents(initialTimeline(id), events);
      const half = Math.floor(events.length / 2);
      const halves = foldTimelineEvents(foldTimelineEvents(initialTimeline(id), events.slice(0, half)), events);
      expect(foldTimelineEvents(once, events)).toEqual(once);
      expect(halves).toEqual(once);
      expect(JSON.parse(JSON.stringify(once))).toEqual(once);
    }
  });
});
