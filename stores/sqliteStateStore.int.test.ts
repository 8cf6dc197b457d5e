import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStateStoreContract, testStateId } from './projectionStateStore.contract.js';
import type { TestState } from './projectionStateStore.contract.js';
import { createSqliteStateStore } from './sqliteStateStore.js';

describeStateStoreContract('SQLite', () =>
  createSqliteStateStore<TestState>({ path: join(mkdtempSync(join(tmpdir(), 'kap-states-')), 'readmodels.db'), kind: 'test', sessionIdOf: testStateId }),
);
