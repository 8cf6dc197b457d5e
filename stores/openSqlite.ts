/**
 * Opens an embedded SQLite database as Kap's stores use it: the folder created, WAL (readers never block the
 * writer, and several processes of one host can share the file), `synchronous = NORMAL` (durable at each
 * checkpoint; a power cut may lose the last transactions, never corrupt), and a 5 s busy timeout for writers
 * of other processes. `:memory:` for tests.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
