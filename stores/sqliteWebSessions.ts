/**
 * Embedded web session store: table `web_sessions` of a SQLite file (the embedded default uses
 * `<dataDir>/websessions.db`, private like Kap's other files: stores/openSqlite.ts). Rows are keyed by the
 * token's SHA-256; expired rows are refused on read and purged whenever a session is created.
 */
import { openSqlite } from './openSqlite.js';
import { newWebSessionToken, webSessionKey } from './webSessions.js';
import type { WebSessionStore } from './webSessions.js';

/** The embedded store's file name inside the data dir. */
export const WEB_SESSIONS_FILE = 'websessions.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS web_sessions (
  key         TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,
  team_id     TEXT NOT NULL,
  name        TEXT,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions (expires_at);
`;

interface Row {
  user_id: string;
  team_id: string;
  name: string | null;
  expires_at: number;
}

export interface SqliteWebSessionsOptions {
  /** SQLite file, or `:memory:`. */
  path: string;
  /** The clock expiry is measured by. Default `() => new Date()`. */
  now?: () => Date;
}

export function createSqliteWebSessions(options: SqliteWebSessionsOptions): WebSessionStore {
  const now = options.now ?? (() => new Date());
  const db = openSqlite(options.path);
  db.exec(SCHEMA);
  const insert = db.prepare<[string, string, string, string | null, number]>('INSERT INTO web_sessions (key, user_id, team_id, name, expires_at) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT user_id, team_id, name, expires_at FROM web_sessions WHERE key = ?');
  const remove = db.prepare<[string]>('DELETE FROM web_sessions WHERE key = ?');
  const purge = db.prepare<[number]>('DELETE FROM web_sessions WHERE expires_at <= ?');
  return {
    async create(user, ttlMs) {
      const at = now().getTime();
      purge.run(at);
      const token = newWebSessionToken();
      insert.run(webSessionKey(token), user.userId, user.teamId, user.name, at + ttlMs);
      return token;
    },
    async get(token) {
      const row = select.get(webSessionKey(token));
      if (!row || row.expires_at <= now().getTime()) return undefined;
      return { userId: row.user_id, teamId: row.team_id, name: row.name, expiresAt: new Date(row.expires_at) };
    },
    async delete(token) {
      remove.run(webSessionKey(token));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
