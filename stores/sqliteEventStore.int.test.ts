import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from './eventStore.contract.js';
import { createSqliteEventStore } from './sqliteEventStore.js';

describeEventStoreContract('embedded SQLite (file)', () =>
  createSqliteEventStore({ path: join(mkdtempSync(join(tmpdir(), 'kap-store-')), 'events.db') }),
);
describeEventStoreContract('embedded SQLite (:memory:)', () => createSqliteEventStore({ path: ':memory:' }));
