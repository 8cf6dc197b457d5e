/**
 * Opens an embedded SQLite database as Kap's stores use it: the folder created, WAL (readers never block the
 * writer, and several processes of one host can share the file), `synchronous = NORMAL` (durable at each
 * checkpoint; a power cut may lose the last transactions, never corrupt), and a 5 s busy timeout for writers
 * of other processes. `:memory:` for tests.
 *
 * The files are their user's alone (they hold every prompt and tool output): the database is created 0600
 * before SQLite opens it — SQLite gives its -wal and -shm the database's mode — and a database, -wal or
 * -shm found looser (an older Kap, a restored backup) is tightened on open.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateFile, PRIVATE_DIR_MODE, tightenIfPresent } from './privateFiles.js';

export function openSqlite(path: string): Database.Database {
  preparePrivateDatabase(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Before a database file is opened: its folder created (0700 when new), the file created or tightened to
 * 0600, and its -wal, -shm and -journal tightened when they exist. Nothing for `:memory:`. Throws what
 * mkdir / open / chmod throw.
 */
export function preparePrivateDatabase(path: string): void {
  if (path === ':memory:') return;
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  ensurePrivateFile(path);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(`${path}${suffix}`);
}
