import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeHostedSessionsContract } from './hostedSessions.contract.js';
import { createSqliteHostedSessions } from './sqliteHostedSessions.js';
import { createSqliteReadModel } from './sqliteReadModel.js';

// A file shared with the read models, as in the embedded default.
describeHostedSessionsContract('SQLite', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'kap-hosted-')), 'readmodels.db');
  void createSqliteReadModel({ path }).close();
  return createSqliteHostedSessions({ path });
});
