import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSearchIndexContract } from './searchIndex.contract.js';
import { createSqliteSearchIndex } from './sqliteSearchIndex.js';

describeSearchIndexContract('SQLite FTS5', async () => createSqliteSearchIndex({ path: join(mkdtempSync(join(tmpdir(), 'kap-search-')), 'readmodels.db') }));
