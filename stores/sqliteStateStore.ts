/**
 * Embedded store of a projection's states (JSON per session) and its checkpoint, in one SQLite file; each
 * commit one transaction. Used for projections whose states are documents read whole (the session timeline);
 * the session summary has its own, indexed read model (`sqliteReadModel.ts`).
 */
import { openSqlite } from './openSqlite.js';
import type { ProjectionError, ProjectionStateStore } from '../projections/projection.js';
import { formatPosition, parsePosition } from './eventStore.js';
import { sqliteProjectionErrors } from './sqliteProjectionErrors.js';

export interface SqliteStateStore<S> extends ProjectionStateStore<S> {
  close(): Promise<void>;
}

/** Opens (creating if needed) the states of projection `kind` at `path` (or `:memory:`). */
export function createSqliteStateStore<S>(options: { path: string; kind: string; sessionIdOf: (state: S) => string }): SqliteStateStore<S> {
  const db = openSqlite(options.path);
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_states (kind TEXT NOT NULL, session_id TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (kind, session_id));
    CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
  `);
  const { kind } = options;
  const getState = db.prepare<[string, string], { state: string }>('SELECT state FROM projection_states WHERE kind = ? AND session_id = ?');
  const upsert = db.prepare(
    'INSERT INTO projection_states (kind, session_id, state) VALUES (?, ?, ?) ON CONFLICT(kind, session_id) DO UPDATE SET state = excluded.state',
  );
  const putCheckpoint = db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position');
  const getCheckpoint = db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?');
  const errors = sqliteProjectionErrors(db);
  const commitTx = db.transaction((states: readonly S[], name: string, position: string, failed: readonly ProjectionError[]) => {
    for (const state of states) upsert.run(kind, options.sessionIdOf(state), JSON.stringify(state));
    errors.record(failed);
    putCheckpoint.run(name, position);
  });
  const resetTx = db.transaction((name: string) => {
    db.prepare('DELETE FROM projection_states WHERE kind = ?').run(kind);
    db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
    errors.forget(name);
  });
  return {
    async get(sessionId) {
      const row = getState.get(kind, sessionId);
      return row ? (JSON.parse(row.state) as S) : undefined;
    },
    async commit(states, checkpoint, failed = []) {
      commitTx(states, checkpoint.name, formatPosition(checkpoint.position), failed);
    },
    async checkpoint(name) {
      const row = getCheckpoint.get(name);
      return row ? parsePosition(row.position) : undefined;
    },
    async reset(name) {
      resetTx(name);
    },
    async projectionErrors(projection, limit = 100) {
      return errors.list(projection, limit);
    },
    async countProjectionErrors(projection) {
      return errors.count(projection);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
