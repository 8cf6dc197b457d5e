import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from './eventStore.contract.js';
import type { JsonObject } from './eventStore.js';
import { createSqliteEventStore } from './sqliteEventStore.js';

describeEventStoreContract('embedded SQLite (file)', () =>
  createSqliteEventStore({ path: join(mkdtempSync(join(tmpdir(), 'kap-store-')), 'events.db') }),
);
describeEventStoreContract('embedded SQLite (:memory:)', () => createSqliteEventStore({ path: ':memory:' }));

describe('embedded SQLite: data given as bytes', () => {
  it('stores the bytes as the text they encode, read back like any event', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    const dataJson = '{"type":"user","text":"héllo ✓ 😀","n":1}';
    await store.append('session-b', [{ id: 'a', type: 't', data: JSON.parse(dataJson) as JsonObject, dataJson, dataBytes: Buffer.from(dataJson) }]);
    const read = [];
    for await (const event of store.readStream('session-b')) read.push(event);
    expect(read.map((e) => e.data)).toEqual([JSON.parse(dataJson)]);
    await store.close();
  });
});

describe('embedded SQLite: two processes on one file', () => {
  it("a subscriber caught up with its own process's appends still gets another process's", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kap-store-')), 'events.db');
    const mine = createSqliteEventStore({ path, pollIntervalMs: 20 });
    const other = createSqliteEventStore({ path, pollIntervalMs: 20 });
    const event = (id: string) => ({ id, type: 't', data: { id } });
    const subscription = mine.subscribeToAll({ streamNamePrefix: 'session-' });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of subscription) {
        seen.push(e.id);
        if (seen.length === 3) return;
      }
    })();
    await mine.append('session-a', [event('a1')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await other.append('session-b', [event('b1')]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await mine.append('session-a', [event('a2')]);
    await reading;
    expect(seen).toEqual(['a1', 'b1', 'a2']);
    await subscription.close();
    await mine.close();
    await other.close();
  });
});
