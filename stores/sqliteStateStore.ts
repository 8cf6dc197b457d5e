/**
 * Embedded store of a projection's states (JSON per session) and its checkpoint, in one SQLite file; each
 * commit one transaction. Used for projections whose states are documents read whole (the session timeline);
 * the session summary has its own, indexed read model (`sqliteReadModel.ts`).
 */
import { openSqlite } from './openSqlite.js';
import type { ProjectionStateStore } from '../projections/projection.js';
import { sqliteCheckpoints } from './sqliteCheckpoints.js';

export interface SqliteStateStore<S> extends ProjectionStateStore<S> {
  close(): Promise<void>;
}

/** Opens (creating if needed) the states of projection `kind` at `path` (or `:memory:`). */
export function createSqliteStateStore<S>(options: { path: string; kind: string; sessionIdOf: (state: S) => string }): SqliteStateStore<S> {
  const db = openSqlite(options.path);
  db.exec(`
    CREATE TABLE IF NOT EXISTS projection_states (kind TEXT NOT NULL, session_id TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (kind, session_id));
  `);
  const { kind } = options;
  const getState = db.prepare<[string, string], { state: string }>('SELECT state FROM projection_states WHERE kind = ? AND session_id = ?');
  const upsert = db.prepare(
    'INSERT INTO projection_states (kind, session_id, state) VALUES (?, ?, ?) ON CONFLICT(kind, session_id) DO UPDATE SET state = excluded.state',
  );
  const checkpoints = sqliteCheckpoints(db);
  const commitTx = db.transaction((states: readonly S[], ...checkpoint: Parameters<typeof checkpoints.save>) => {
    for (const state of states) upsert.run(kind, options.sessionIdOf(state), JSON.stringify(state));
    checkpoints.save(...checkpoint);
  });
  const resetTx = db.transaction((name: string) => {
    db.prepare('DELETE FROM projection_states WHERE kind = ?').run(kind);
    checkpoints.forget(name);
  });
  return {
    ...checkpoints.reads,
    async get(sessionId) {
      const row = getState.get(kind, sessionId);
      return row ? (JSON.parse(row.state) as S) : undefined;
    },
    async commit(states, checkpoint, failed = []) {
      commitTx(states, checkpoint.name, checkpoint.position, failed);
    },
    async reset(name) {
      resetTx(name);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
