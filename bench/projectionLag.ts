/**
 * Projection lag: one event appended → the session summary that covers it committed to the read model.
 * The runner's `onCommitted` marks the moment (no polling noise). Embedded (SQLite store, SQLite read model)
 * and Redis (SQLite store, Redis read model on REDIS_URL or 127.0.0.1:6379). Events are appended one at a
 * time, 20 ms apart (a live session's pace), to 10 sessions in turn. Targets: p50 ≤ 50 ms, p99 ≤ 250 ms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProjection } from '../projections/projectionRunner.js';
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { sessionStream } from '../stores/eventStore.js';
import { createRedisReadModel } from '../stores/redisReadModel.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';

export interface LagResult {
  readModel: string;
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(name: string, readModel: SessionReadModel, events = 500): Promise<LagResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kap-bench-lag-'));
  const store = createSqliteEventStore({ path: join(dir, 'events.db') });
  const waiting = new Map<string, { revision: number; started: number; done: (ms: number) => void }>();
  const onCommitted = (states: readonly SessionFoldState[]) => {
    const now = performance.now();
    for (const s of states) {
      const w = waiting.get(s.summary.sessionId);
      if (w && s.summary.revision >= w.revision) {
        waiting.delete(s.summary.sessionId);
        w.done(now - w.started);
      }
    }
  };
  const runner = await startProjection({ store, projection: sessionSummaryProjection, states: readModel, onCommitted });
  const sessions = Array.from({ length: 10 }, () => randomUUID());
  const revisions = new Map<string, number>();
  const lags: number[] = [];
  for (let i = 0; i < events; i += 1) {
    const sessionId = sessions[i % sessions.length]!;
    const revision = (revisions.get(sessionId) ?? -1) + 1;
    revisions.set(sessionId, revision);
    const started = performance.now();
    const committed = new Promise<number>((done) => waiting.set(sessionId, { revision, started, done }));
    await store.append(sessionStream(sessionId), [
      {
        id: randomUUID(),
        type: 'PreToolUse',
        data: { session_id: sessionId, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: `echo ${i}` } },
        metadata: { source: 'hook', observedAt: new Date().toISOString() },
      },
    ]);
    lags.push(await committed);
    await new Promise((r) => setTimeout(r, 20));
  }
  await runner.stop();
  await store.close();
  await readModel.reset(sessionSummaryProjection.name);
  await readModel.close();
  rmSync(dir, { recursive: true, force: true });
  lags.sort((a, b) => a - b);
  return { readModel: name, events, p50Ms: percentile(lags, 50), p99Ms: percentile(lags, 99), maxMs: lags[lags.length - 1]! };
}

export async function benchProjectionLag(): Promise<LagResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kap-bench-rm-'));
  const embedded = await measure('embedded (SQLite)', createSqliteReadModel({ path: join(dir, 'readmodels.db') }));
  const redis = await measure('Redis', createRedisReadModel({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `bench-${randomUUID()}:` }));
  rmSync(dir, { recursive: true, force: true });
  return [embedded, redis];
}
