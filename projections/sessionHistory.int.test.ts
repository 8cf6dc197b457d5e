/**
 * Honest history with real corpus files folded as `kap import` stores them: sessions no hook reports on show
 * `ended` at their last activity; the idle timer's check of an imported hook log ends it there too (not
 * `idle since` the import); a live session — its lines shipped with its hooks — keeps the hooks' status.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLED } from '../events/kapEventTypes.js';
import { createInProcessJobQueue } from '../jobs/inProcessJobQueue.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { corpusStreams } from '../test/support/corpusStreams.js';
import { IDLE_TIMERS_QUEUE, idleTimerHandler, scheduleIdleTimers } from '../workers/idleTimer.js';
import type { IdleTimerJob } from '../workers/idleTimer.js';
import { HOOKS_SILENT_MS } from './sessionHistory.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

const SHORT = '55604662-cf2a-4331-851a-ec234028f8ca';
const SPOTTER_2X = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';
const TASK_PATTERNS = '263940d8-4431-44ba-9f77-4eb54b5f81f0';
const FASTHOOKS = 'c45af7b1-cb7c-4e51-93db-8cbb250a877a';
const IMPORT_TIME = new Date('2026-12-02T08:00:00.000Z');

let streams: Map<string, RecordedEvent[]>;
const fold = (id: string, events = streams.get(id)!, state: SessionFoldState = initialSessionState(id)) => foldSessionEvents(state, events);

function next(after: RecordedEvent, type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): RecordedEvent {
  const revision = after.revision + 1n;
  return { ...after, id: `${type}-${revision}`, type, revision, position: { commit: revision, prepare: revision }, data, metadata, created: IMPORT_TIME };
}

beforeAll(async () => {
  streams = await corpusStreams(['spotter/short.jsonl', `spotter/${SPOTTER_2X}.jsonl`, `spotter/${SPOTTER_2X}`, 'task-patterns/chat.json', 'task-patterns/hooks.derived.jsonl', 'fasthooks']);
}, 60_000);

describe('imported sessions no hook reports on', () => {
  it('a transcript alone (2.x, with subagents) is ended at its last activity', () => {
    for (const id of [SHORT, SPOTTER_2X]) {
      const s = fold(id).summary;
      expect(s.lastActivityAt, id).not.toBeNull();
      expect({ id, status: s.status, since: s.statusSince, waitingFor: s.waitingFor }).toEqual({ id, status: 'ended', since: s.lastActivityAt, waitingFor: null });
    }
  });

  it('a transcript with an untimed hook log (1.0.89, last hook PreToolUse) is ended at its last activity, not running', () => {
    const state = fold(TASK_PATTERNS);
    expect(state.hookStatus?.status).toBe('running');
    expect(state.summary).toMatchObject({ status: 'ended', statusSince: state.summary.lastActivityAt, waitingFor: null });
  });

  it('a timed hook log (waiting on an idle prompt) is checked by the idle timer at once and ends at its last activity', async () => {
    const imported = fold(FASTHOOKS);
    expect(imported.summary).toMatchObject({ status: 'waiting', waitingFor: 'Claude is waiting for your input' });

    // The idle timer as Kap runs it: scheduled on the commit, run at once, appending to the stream.
    const store = createSqliteEventStore({ path: ':memory:' });
    const readModel = createSqliteReadModel({ path: ':memory:' });
    const jobs = createInProcessJobQueue();
    try {
      await store.append(sessionStream(FASTHOOKS), streams.get(FASTHOOKS)!.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })));
      await readModel.commit([imported], { name: 'session-summary', position: { commit: 1n, prepare: 1n } });
      const now = () => IMPORT_TIME;
      const ran = new Promise<void>((resolve, reject) => {
        const handler = idleTimerHandler({ store, readModel, idleAfterMs: 300_000, now });
        void jobs.process<IdleTimerJob>(IDLE_TIMERS_QUEUE, async (job) => handler(job).then(resolve, reject), { concurrency: 1 });
      });
      await scheduleIdleTimers(jobs, [imported.summary], 300_000, now);
      await ran;
      const appended: RecordedEvent[] = [];
      for await (const e of store.readStream(sessionStream(FASTHOOKS))) appended.push(e);
      const idled = appended.at(-1)!;
      expect(idled.type).toBe(SESSION_IDLED);
      const after = fold(FASTHOOKS, [idled], imported).summary;
      expect(after).toMatchObject({ status: 'ended', statusSince: imported.summary.lastActivityAt, lastActivityAt: imported.summary.lastActivityAt });
      expect(after.statusSince).not.toBe(IMPORT_TIME.toISOString());
    } finally {
      await jobs.close();
      await store.close();
      await readModel.close();
    }
  });
});

describe('live sessions', () => {
  it('keep the hooks\' status when their lines come with their hooks, and a new hook revives imported history', () => {
    const events = streams.get(FASTHOOKS)!;
    const last = events.at(-1)!;
    const observedAt = '2026-01-02T19:30:00.000Z';
    const prompt = next(last, 'UserPromptSubmit', { session_id: FASTHOOKS, hook_event_name: 'UserPromptSubmit', prompt: 'go on' }, { source: 'hook', observedAt });
    const live = fold(FASTHOOKS, [...events, prompt]).summary;
    expect(live).toMatchObject({ status: 'running', statusSince: observedAt });

    const history = fold(SHORT);
    const shortLast = streams.get(SHORT)!.at(-1)!;
    const revived = fold(SHORT, [next(shortLast, 'SessionStart', { session_id: SHORT, hook_event_name: 'SessionStart', source: 'resume' }, { source: 'hook', observedAt: '2026-02-11T09:00:00.000Z' })], history).summary;
    expect(revived.status).toBe('running');
  });

  it('a running session whose idle timer fires on time is idle since then; lines far ahead of the hooks make it history', () => {
    const events = streams.get(FASTHOOKS)!;
    const last = events.at(-1)!;
    const running = fold(FASTHOOKS, [...events, next(last, 'PreToolUse', { session_id: FASTHOOKS, hook_event_name: 'PreToolUse', tool_name: 'Bash' }, { source: 'hook', observedAt: '2026-01-02T19:23:00.000Z' })]);
    expect(running.summary.status).toBe('running');
    const lastEvent = { ...last, revision: BigInt(running.summary.revision) };
    const onTime = fold(FASTHOOKS, [next(lastEvent, SESSION_IDLED, { idleAfterMs: 300_000, lastActivityAt: '2026-01-02T19:23:00.000Z', at: '2026-01-02T19:28:00.000Z' })], running).summary;
    expect(onTime).toMatchObject({ status: 'idle', statusSince: '2026-01-02T19:28:00.000Z' });

    const ahead = (ms: number) => next(lastEvent, 'TranscriptLine', { type: 'user', timestamp: new Date(Date.parse('2026-01-02T19:23:00.000Z') + ms).toISOString(), message: { role: 'user', content: 'typed later' } }, { source: 'transcript', file: 'main' });
    expect(fold(FASTHOOKS, [ahead(60_000)], running).summary.status).toBe('running');
    const silent = fold(FASTHOOKS, [ahead(HOOKS_SILENT_MS + 60_000)], running).summary;
    expect(silent).toMatchObject({ status: 'ended', statusSince: silent.lastActivityAt });
  });
});
