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
