/**
 * Embedded read-model adapter: summaries and checkpoints in one SQLite file, each commit one transaction.
 */
import type Database from 'better-sqlite3';
import { openSqlite } from './openSqlite.js';
import type { SessionFoldState, SessionSummary } from '../projections/sessionSummary.js';
import { sqliteCheckpoints } from './sqliteCheckpoints.js';
import type { SessionQuery, SessionReadModel } from './sessionReadModel.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  session_id    TEXT PRIMARY KEY,
  repo          TEXT,
  last_activity TEXT,
  summary       TEXT NOT NULL,
  state         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_activity ON sessions (last_activity DESC);
CREATE INDEX IF NOT EXISTS sessions_repo ON sessions (repo, last_activity DESC);
`;

/** Opens (creating if needed) the embedded read model at `path` (or `:memory:`). */
export function createSqliteReadModel(options: { path: string }): SessionReadModel {
  const db = openSqlite(options.path);
  db.exec(SCHEMA);

  const getState = db.prepare<[string], { state: string }>('SELECT state FROM sessions WHERE session_id = ?');
  const upsert = db.prepare(
    `INSERT INTO sessions (session_id, repo, last_activity, summary, state) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(session_id) DO UPDATE SET repo = excluded.repo, last_activity = excluded.last_activity,
       summary = excluded.summary, state = excluded.state`,
  );
  // One statement per combination of filters, prepared when first asked for.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  /**
   * The WHERE clause of a query and its parameters. The id prefix is compared with `substr`, not `LIKE`: LIKE
   * reads `%` and `_` as wildcards and ignores ASCII case, and an id prefix is literal text.
   */
  const filter = (query: Omit<SessionQuery, 'limit'>) => {
    const clauses: string[] = [];
    const params: Record<string, string> = {};
    if (query.repo !== undefined) {
      clauses.push('repo = @repo');
      params.repo = query.repo;
    }
    if (query.idPrefix !== undefined) {
      clauses.push('substr(session_id, 1, length(@prefix)) = @prefix');
      params.prefix = query.idPrefix;
    }
    return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  };

  const checkpoints = sqliteCheckpoints(db);
  const commitTx = db.transaction((states: readonly SessionFoldState[], ...checkpoint: Parameters<typeof checkpoints.save>) => {
    for (const state of states) {
      const s = state.summary;
      upsert.run(s.sessionId, s.repo, s.lastActivityAt, JSON.stringify(s), JSON.stringify(state));
    }
    checkpoints.save(...checkpoint);
  });
  const resetTx = db.transaction((name: string) => {
    db.prepare('DELETE FROM sessions').run();
    checkpoints.forget(name);
  });

  return {
    ...checkpoints.reads,
    async get(sessionId) {
      const row = getState.get(sessionId);
      return row ? (JSON.parse(row.state) as SessionFoldState) : undefined;
    },
    async commit(states, checkpoint, failed = []) {
      commitTx(states, checkpoint.name, checkpoint.position, failed);
    },
    async list(query: SessionQuery = {}) {
      const { where, params } = filter(query);
      const rows = prepared(`SELECT summary FROM sessions ${where} ORDER BY last_activity DESC LIMIT @limit`).all({ ...params, limit: query.limit ?? 50 }) as { summary: string }[];
      return rows.map((r) => JSON.parse(r.summary) as SessionSummary);
    },
    async count(query = {}) {
      const { where, params } = filter(query);
      return (prepared(`SELECT COUNT(*) AS n FROM sessions ${where}`).get(params) as { n: number }).n;
    },
    async reset(name) {
      resetTx(name);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
