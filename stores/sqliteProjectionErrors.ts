/**
 * The projection errors table of an embedded read-model file (projections/projection.ts `ProjectionError`):
 * one row per projection and event id, written in the commit's transaction. The session read model and the
 * projection state stores share it when they share a file (`readmodels.db`), so either one counts them all.
 */
import type Database from 'better-sqlite3';
import type { ProjectionError } from '../projections/projection.js';

interface ErrorRow {
  projection: string;
  event_id: string;
  stream: string;
  revision: number;
  message: string;
  recorded_at: string;
}

export interface SqliteProjectionErrors {
  /** Records errors (call inside the commit's transaction). */
  record(errors: readonly ProjectionError[]): void;
  /** Forgets one projection's errors (call inside the reset's transaction). */
  forget(projection: string): void;
  list(projection: string | undefined, limit: number): ProjectionError[];
  count(projection: string | undefined): number;
}

export function sqliteProjectionErrors(db: Database.Database): SqliteProjectionErrors {
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_errors (
      projection  TEXT NOT NULL,
      event_id    TEXT NOT NULL,
      stream      TEXT NOT NULL,
      revision    INTEGER NOT NULL,
      message     TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (projection, event_id)
    );
  `);
  const upsert = db.prepare(
    `INSERT INTO projection_errors (projection, event_id, stream, revision, message, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(projection, event_id) DO UPDATE SET message = excluded.message, recorded_at = excluded.recorded_at`,
  );
  const forget = db.prepare('DELETE FROM projection_errors WHERE projection = ?');
  const listOne = db.prepare<[string, number], ErrorRow>('SELECT * FROM projection_errors WHERE projection = ? ORDER BY recorded_at DESC, rowid DESC LIMIT ?');
  const listAll = db.prepare<[number], ErrorRow>('SELECT * FROM projection_errors ORDER BY recorded_at DESC, rowid DESC LIMIT ?');
  const countOne = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM projection_errors WHERE projection = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM projection_errors');
  const fromRow = (r: ErrorRow): ProjectionError => ({ projection: r.projection, eventId: r.event_id, stream: r.stream, revision: r.revision, message: r.message, recordedAt: r.recorded_at });
  return {
    record(errors) {
      for (const e of errors) upsert.run(e.projection, e.eventId, e.stream, e.revision, e.message, e.recordedAt);
    },
    forget(projection) {
      forget.run(projection);
    },
    list(projection, limit) {
      return (projection === undefined ? listAll.all(limit) : listOne.all(projection, limit)).map(fromRow);
    },
    count(projection) {
      return (projection === undefined ? countAll.get() : countOne.get(projection))?.n ?? 0;
    },
  };
}
