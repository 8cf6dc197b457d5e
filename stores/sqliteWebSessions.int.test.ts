import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeWebSessionsContract } from './webSessions.contract.js';
import { createSqliteWebSessions, WEB_SESSIONS_FILE } from './sqliteWebSessions.js';

describeWebSessionsContract('SQLite', (now) => {
  const path = join(mkdtempSync(join(tmpdir(), 'kap-web-sessions-')), WEB_SESSIONS_FILE);
  return {
    store: createSqliteWebSessions({ path, now }),
    async dump() {
      const db = new Database(path, { readonly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM web_sessions').all());
      } finally {
        db.close();
      }
    },
  };
});

describe('SQLite web sessions file', () => {
  it('is its user\'s alone (0600), as the other stores', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kap-web-sessions-')), 'sub', WEB_SESSIONS_FILE);
    const store = createSqliteWebSessions({ path });
    await store.create({ userId: 'U1', teamId: 'T1', name: null }, 60_000);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).length).toBeGreaterThan(0);
    await store.close();
  });
});
