/**
 * The projection runner when its subscription fails (KurrentDB restarted, network cut): it reports the error
 * and subscribes again from the last event it received, so the read model still covers every event.
 * The fault is injected around the real embedded store: its first subscription breaks after 3 events.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventStore, Subscription } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { startProjection } from './projectionRunner.js';
import { sessionSummaryProjection } from './sessionSummary.js';

function breakingFirstSubscription(store: EventStore, after: number): EventStore {
  let broken = false;
  return {
    ...store,
    subscribeToAll(options) {
      const inner = store.subscribeToAll(options);
      if (broken) return inner;
      broken = true;
      const failing: Subscription = {
        close: () => inner.close(),
        async *[Symbol.asyncIterator]() {
          let n = 0;
          for await (const event of inner) {
            yield event;
            n += 1;
            if (n === after) throw new Error('subscription dropped (injected)');
          }
        },
      };
      return failing;
    },
  };
}

describe('projection runner', () => {
  const store = createSqliteEventStore({ path: ':memory:' });
  const readModel = createSqliteReadModel({ path: ':memory:' });
  afterAll(async () => {
    await store.close();
    await readModel.close();
  });

  it('subscribes again after its subscription fails, and folds every event', async () => {
    const sessionId = randomUUID();
    const hook = (i: number) => ({ id: randomUUID(), type: 'PreToolUse', data: { hook_event_name: 'PreToolUse', tool_name: 'Bash', i }, metadata: { observedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() } });
    await store.append(sessionStream(sessionId), [0, 1, 2, 3, 4].map(hook));
    const errors: unknown[] = [];
    const runner = await startProjection({ store: breakingFirstSubscription(store, 3), projection: sessionSummaryProjection, states: readModel, onError: (e) => errors.push(e) });
    await store.append(sessionStream(sessionId), [5, 6, 7].map(hook));
    const deadline = Date.now() + 10_000;
    while (((await readModel.get(sessionId))?.summary.revision ?? -1) < 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await runner.stop();
    expect((await readModel.get(sessionId))?.summary.revision).toBe(7);
    expect(errors.map((e) => (e as Error).message)).toContain('subscription dropped (injected)');
  });
});
