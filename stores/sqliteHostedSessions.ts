/**
 * Embedded hosted-session registry: one row per Slack thread in table `hosted_sessions` of a SQLite file
 * (the embedded default shares `<dataDir>/readmodels.db` with the read models). WAL, 5 s busy timeout.
 */
import { openSqlite } from './openSqlite.js';
import type { HostedSession, HostedSessionStore } from './hostedSessions.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hosted_sessions (
  thread_key  TEXT PRIMARY KEY,
  channel     TEXT NOT NULL,
  thread_ts   TEXT NOT NULL,
  session_id  TEXT,
  repo        TEXT NOT NULL,
  branch      TEXT,
  cwd         TEXT NOT NULL,
  started_by  TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  paused      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS hosted_sessions_session ON hosted_sessions (session_id, started_at DESC);
`;

interface Row {
  thread_key: string;
  channel: string;
  thread_ts: string;
  session_id: string | null;
  repo: string;
  branch: string | null;
  cwd: string;
  started_by: string;
  started_at: string;
  paused: number;
}

const fromRow = (r: Row): HostedSession => ({
  threadKey: r.thread_key,
  channel: r.channel,
  threadTs: r.thread_ts,
  sessionId: r.session_id,
  repo: r.repo,
  branch: r.branch,
  cwd: r.cwd,
  startedBy: r.started_by,
  startedAt: r.started_at,
  paused: r.paused !== 0,
});

/** Opens (creating if needed) the `hosted_sessions` table in the SQLite file at `path` (or `:memory:`). */
export function createSqliteHostedSessions(options: { path: string }): HostedSessionStore {
  const db = openSqlite(options.path);
  db.exec(SCHEMA);

  const select = db.prepare<[string], Row>('SELECT * FROM hosted_sessions WHERE thread_key = ?');
  const bySession = db.prepare<[string], Row>(
    'SELECT * FROM hosted_sessions WHERE session_id = ? ORDER BY started_at DESC LIMIT 1',
  );
  const upsert = db.prepare<[string, string, string, string | null, string, string | null, string, string, string, number]>(
    `INSERT INTO hosted_sessions (thread_key, channel, thread_ts, session_id, repo, branch, cwd, started_by, started_at, paused)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(thread_key) DO UPDATE SET channel = excluded.channel, thread_ts = excluded.thread_ts,
       session_id = excluded.session_id, repo = excluded.repo, branch = excluded.branch, cwd = excluded.cwd,
       started_by = excluded.started_by, started_at = excluded.started_at, paused = excluded.paused`,
  );
  const write = (s: HostedSession) =>
    upsert.run(s.threadKey, s.channel, s.threadTs, s.sessionId, s.repo, s.branch, s.cwd, s.startedBy, s.startedAt, s.paused ? 1 : 0);
  // Read-modify-write in one transaction: SQLite serialises writers, so concurrent updates do not interleave.
  const updateTx = db.transaction((threadKey: string, change: Partial<HostedSession>): HostedSession | undefined => {
    const row = select.get(threadKey);
    if (!row) return undefined;
    const next = { ...fromRow(row), ...change, threadKey };
    write(next);
    return next;
  });

  return {
    async get(threadKey) {
      const row = select.get(threadKey);
      return row ? fromRow(row) : undefined;
    },
    async bySessionId(sessionId) {
      const row = bySession.get(sessionId);
      return row ? fromRow(row) : undefined;
    },
    async put(session) {
      write(session);
    },
    async update(threadKey, change) {
      return updateTx.immediate(threadKey, stripUndefined(change));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** `{ paused: undefined }` means "no change", not "set to undefined". */
function stripUndefined<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<T>;
}
