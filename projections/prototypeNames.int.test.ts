/**
 * Data decides no code paths: ids and names that come from transcripts and hook payloads (message ids, model
 * names, tool names, tool_use ids, agent ids, subagent file names) are counted like any other, even when they
 * are the names of Object.prototype's members. The lines are shaped like real 2.x lines (spotter corpus), and
 * the summary and timeline round-trip through the read-model stores (SQLite always, Redis on 127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { createRedisReadModel } from '../stores/redisReadModel.js';
import { createRedisStateStore } from '../stores/redisStateStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createSqliteStateStore } from '../stores/sqliteStateStore.js';
import { buildRecapRequest } from '../recaps/recapPrompt.js';
import { rulesRecapRecord } from '../recaps/rulesRecap.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';
import type { SessionTimeline } from './sessionTimeline.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;
const SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';

function event(revision: number, data: Record<string, unknown>, file = 'main'): RecordedEvent {
  const r = BigInt(revision);
  return {
    id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
    type: 'TranscriptLine',
    streamName: `session-${SESSION}`,
    revision: r,
    position: { commit: r, prepare: r },
    data,
    metadata: { source: 'transcript', file },
    created: new Date(0),
  };
}

const base = (agentId?: string) => ({
  parentUuid: null,
  isSidechain: agentId !== undefined,
  userType: 'external',
  cwd: '/home/USER/projects/spotter',
  sessionId: SESSION,
  version: '2.1.39',
  gitBranch: 'main',
  ...(agentId !== undefined ? { agentId } : {}),
});

/** For each name: an assistant message (id, model and tool named so) with a tool_use, its result, and a subagent run named so. */
function linesNamed(name: string, at: number): RecordedEvent[] {
  const ts = (s: number) => `2026-02-11T10:${String(at).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`;
  const usage = { input_tokens: 3, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000, output_tokens: 7, service_tier: 'standard' };
  return [
    event(at * 10, { ...base(), type: 'user', uuid: `u-${name}`, timestamp: ts(0), message: { role: 'user', content: `prompt ${name}` } }),
    event(at * 10 + 1, {
      ...base(),
      type: 'assistant',
      uuid: `a-${name}`,
      timestamp: ts(1),
      requestId: `req_${name}`,
      message: { model: name, id: name, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: name, name, input: { file_path: `/w/${name}.ts`, prompt: `run ${name}` } }], stop_reason: null, usage },
    }),
    event(at * 10 + 2, {
      ...base(),
      type: 'user',
      uuid: `r-${name}`,
      timestamp: ts(2),
      message: { role: 'user', content: [{ tool_use_id: name, type: 'tool_result', content: `failed ${name}`, is_error: true }] },
      toolUseResult: `Error: failed ${name}`,
    }),
    event(at * 10 + 3, { ...base(name), type: 'user', uuid: `s-${name}`, timestamp: ts(3), message: { role: 'user', content: `sub ${name}` } }, `subagents/agent-${name}.jsonl`),
    event(at * 10 + 4, {
      ...base(name),
      type: 'assistant',
      uuid: `sa-${name}`,
      timestamp: ts(4),
      message: { model: name, id: `sub-${name}`, type: 'message', role: 'assistant', content: [{ type: 'text', text: `answer ${name}` }], usage },
    }, `subagents/agent-${name}.jsonl`),
  ];
}

const events = NAMES.flatMap((name, i) => linesNamed(name, i + 1));

describe('names of Object.prototype members in session data', () => {
  it('the summary counts them like any other name, as own properties', () => {
    const s = foldSessionEvents(initialSessionState(SESSION), events).summary;
    const tools = JSON.parse(JSON.stringify(s.tools)) as Record<string, number>;
    const tokens = JSON.parse(JSON.stringify(s.tokens)) as Record<string, unknown>;
    const toolCounts = new Map(Object.entries(tools));
    const tokenCounts = new Map(Object.entries(tokens));
    for (const name of NAMES) {
      expect(Object.hasOwn(tools, name), name).toBe(true);
      expect(toolCounts.get(name), name).toBe(1);
      expect(Object.hasOwn(tokens, name), name).toBe(true);
      expect(tokenCounts.get(name), name).toEqual({ input: 6, output: 14, cacheRead: 2000, cacheWrite: 200 });
    }
    expect(Object.keys(tools).sort()).toEqual([...NAMES].sort());
    expect(s.toolErrors).toBe(4);
    expect(s.turns).toBe(4);
    expect(s.prompts).toBe(4);
    expect(s.filesChanged).toEqual([]);
  });

  it('the timeline pairs results with their calls and keeps one run per agent', () => {
    const t = foldTimelineEvents(initialTimeline(SESSION), events);
    const calls = t.items.filter((i) => i.kind === 'tool');
    expect(calls.map((c) => (c.kind === 'tool' ? [c.id, c.result?.isError] : null))).toEqual(NAMES.map((n) => [n, true]));
    expect(Object.keys(t.subagents).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      const run = Object.getOwnPropertyDescriptor(t.subagents, name)?.value as SessionTimeline['subagents'][string] | undefined;
      expect(run?.prompt, name).toBe(`sub ${name}`);
      expect(run?.items.map((i) => i.kind), name).toEqual(['text']);
    }
  });

  it('recaps read them too, even a call linked to a run that has no line yet', () => {
    const taskLine = event(100, { ...base(), type: 'assistant', uuid: 'task', timestamp: '2026-02-11T10:59:00.000Z', message: { model: 'claude-opus-4-6', id: 'task-msg', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_task', name: 'Task', input: { prompt: 'look around' } }], usage: {} } });
    const progress = event(101, { ...base(), type: 'progress', uuid: 'p1', timestamp: '2026-02-11T10:59:01.000Z', parentToolUseID: 'toolu_task', data: { type: 'agent_progress', agentId: 'valueOf' } });
    const all = [...events, taskLine, progress];
    const timeline = foldTimelineEvents(initialTimeline(SESSION), all);
    const summary = foldSessionEvents(initialSessionState(SESSION), all).summary;
    expect(() => rulesRecapRecord({ summary, timeline }, new Date('2026-02-11T11:00:00.000Z'))).not.toThrow();
    expect(() => buildRecapRequest(summary, timeline)).not.toThrow();
  });

  it('folding again or in halves changes nothing', () => {
    const once = foldSessionEvents(initialSessionState(SESSION), events);
    const halves = foldSessionEvents(foldSessionEvents(initialSessionState(SESSION), events.slice(0, 7)), events);
    expect(JSON.stringify(foldSessionEvents(once, events))).toBe(JSON.stringify(once));
    expect(JSON.stringify(halves)).toBe(JSON.stringify(once));
    const timeline = foldTimelineEvents(initialTimeline(SESSION), events);
    const timelineHalves = foldTimelineEvents(foldTimelineEvents(initialTimeline(SESSION), events.slice(0, 9)), events);
    expect(JSON.stringify(timelineHalves)).toBe(JSON.stringify(timeline));
  });

  it('round-trips through the read models and folds on from what they give back', async () => {
    const state = foldSessionEvents(initialSessionState(SESSION), events.slice(0, 12));
    const timeline = foldTimelineEvents(initialTimeline(SESSION), events.slice(0, 12));
    const whole = JSON.stringify(foldSessionEvents(initialSessionState(SESSION), events));
    const wholeTimeline = JSON.stringify(foldTimelineEvents(initialTimeline(SESSION), events));
    const prefix = `test-${randomUUID()}:`;
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const models = [createSqliteReadModel({ path: ':memory:' }), createRedisReadModel({ url: redisUrl, prefix })];
    const timelines = [
      createSqliteStateStore<SessionTimeline>({ path: ':memory:', kind: 'timeline', sessionIdOf: (t) => t.sessionId }),
      createRedisStateStore<SessionTimeline>({ url: redisUrl, prefix, kind: 'timeline', sessionIdOf: (t) => t.sessionId }),
    ];
    try {
      for (const model of models) {
        await model.commit([state], { name: 'session-summary', position: { commit: 1n, prepare: 1n } });
        const back = (await model.get(SESSION))!;
        expect(JSON.stringify(back)).toBe(JSON.stringify(state));
        expect(JSON.stringify(foldSessionEvents(back, events))).toBe(whole);
        const listed = (await model.list())[0]!;
        expect(Object.hasOwn(listed.tools, '__proto__')).toBe(true);
        expect(Object.hasOwn(listed.tokens, '__proto__')).toBe(true);
      }
      for (const store of timelines) {
        await store.commit([timeline], { name: 'session-timeline', position: { commit: 1n, prepare: 1n } });
        const back = (await store.get(SESSION))!;
        expect(JSON.stringify(foldTimelineEvents(back, events))).toBe(wholeTimeline);
      }
    } finally {
      for (const model of models) {
        await model.reset('session-summary');
        await model.close();
      }
      for (const store of timelines) {
        await store.reset('session-timeline');
        await store.close();
      }
    }
  });
});
