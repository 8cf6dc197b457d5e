/**
 * The search index on SQLite FTS5 (the embedded default), in the read models' file (`readmodels.db`): one
 * row per document in `search_docs` (unique per session and doc key), its tokens in a contentless FTS5
 * table (`search_fts`, rowid = the document's id; search/searchTokens.ts tokenizes, so FTS5's unicode61
 * only splits on the spaces between tokens), the fold's bookkeeping in `search_states`, and the checkpoint
 * and projection errors in the tables the other projections of this file use. Ranked by bm25.
 *
 * A document is written once (`ON CONFLICT DO NOTHING`): a replayed batch writes nothing new. Contentless
 * FTS5 rows are never updated, only all deleted at reset (`delete-all`).
 */
import { openSqlite } from './openSqlite.js';
import { sqliteCheckpoints } from './sqliteCheckpoints.js';
import type { SearchFoldState } from '../search/searchDocs.js';
import { docKindsOf, pageOf, toolKey } from '../search/searchIndex.js';
import type { IndexQuery, SearchIndex } from '../search/searchIndex.js';
import type { TextClause } from '../search/searchQuery.js';
import { tokensOf } from '../search/searchTokens.js';
import { HIT_COLUMNS, hitPage } from './searchHitRows.js';
import type { HitRow } from './searchHitRows.js';

/** Opens (creating if needed) the index at `path` (or `:memory:`). Throws what better-sqlite3 throws. */
export function createSqliteSearchIndex(options: { path: string }): SearchIndex {
  const db = openSqlite(options.path);
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_docs (
      id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, doc_key TEXT NOT NULL, kind TEXT NOT NULL,
      tool_name TEXT, tool_key TEXT, tool_use_id TEXT, turn INTEGER NOT NULL, anchor TEXT NOT NULL, at TEXT,
      body TEXT NOT NULL, UNIQUE (session_id, doc_key)
    );
    CREATE INDEX IF NOT EXISTS search_docs_unpaired ON search_docs (session_id) WHERE kind = 'tool_output' AND tool_name IS NULL;
    CREATE INDEX IF NOT EXISTS search_docs_at ON search_docs (at DESC);
    CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5 (tokens, content = '', tokenize = 'unicode61 remove_diacritics 0');
    CREATE TABLE IF NOT EXISTS search_states (session_id TEXT PRIMARY KEY, state TEXT NOT NULL);
  `);
  const checkpoints = sqliteCheckpoints(db);
  const insertDoc = db.prepare(
    `INSERT INTO search_docs (session_id, doc_key, kind, tool_name, tool_key, tool_use_id, turn, anchor, at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, doc_key) DO NOTHING`,
  );
  const insertFts = db.prepare('INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)');
  const pairTools = db.prepare(
    `UPDATE search_docs AS o SET
       tool_name = (SELECT i.tool_name FROM search_docs i WHERE i.session_id = o.session_id AND i.doc_key = 'tool-in:' || o.tool_use_id),
       tool_key = (SELECT i.tool_key FROM search_docs i WHERE i.session_id = o.session_id AND i.doc_key = 'tool-in:' || o.tool_use_id)
     WHERE o.session_id = ? AND o.kind = 'tool_output' AND o.tool_name IS NULL`,
  );
  const putState = db.prepare('INSERT INTO search_states (session_id, state) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET state = excluded.state');
  const getState = db.prepare<[string], { state: string }>('SELECT state FROM search_states WHERE session_id = ?');
  const filters = `(@sessions IS NULL OR d.session_id IN (SELECT value FROM json_each(@sessions)))
    AND (@kinds IS NULL OR d.kind IN (SELECT value FROM json_each(@kinds)))
    AND (@tools IS NULL OR d.tool_key IN (SELECT value FROM json_each(@tools)))`;
  const order = 'd.at DESC NULLS LAST, d.session_id, d.doc_key';
  const matching = db.prepare<Record<string, unknown>, HitRow>(
    `SELECT ${HIT_COLUMNS}, -bm25(search_fts) AS score FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
     WHERE search_fts MATCH @match AND ${filters} ORDER BY bm25(search_fts), ${order} LIMIT @limit OFFSET @offset`,
  );
  const filtered = db.prepare<Record<string, unknown>, HitRow>(`SELECT ${HIT_COLUMNS}, 0 AS score FROM search_docs d WHERE ${filters} ORDER BY ${order} LIMIT @limit OFFSET @offset`);

  const commitTx = db.transaction((states: readonly SearchFoldState[], ...checkpoint: Parameters<typeof checkpoints.save>) => {
    for (const state of states) {
      let tools = false;
      for (const doc of state.docs) {
        const inserted = insertDoc.run(state.sessionId, doc.key, doc.kind, doc.toolName, doc.toolName === null ? null : toolKey(doc.toolName), doc.toolUseId, doc.turn, doc.anchor, doc.at, doc.text);
        if (inserted.changes === 0) continue;
        insertFts.run(inserted.lastInsertRowid, tokensOf(doc.text).join(' '));
        tools ||= doc.toolUseId !== null;
      }
      if (tools) pairTools.run(state.sessionId);
      putState.run(state.sessionId, JSON.stringify({ sessionId: state.sessionId, revision: state.revision, turn: state.turn }));
    }
    checkpoints.save(...checkpoint);
  });
  const resetTx = db.transaction((name: string) => {
    db.exec("DELETE FROM search_docs; INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_states;");
    checkpoints.forget(name);
  });

  return {
    ...checkpoints.reads,
    async get(sessionId) {
      const row = getState.get(sessionId);
      return row ? { ...(JSON.parse(row.state) as Omit<SearchFoldState, 'docs'>), docs: [] } : undefined;
    },
    async commit(states, checkpoint, failed = []) {
      commitTx(states, checkpoint.name, checkpoint.position, failed);
      for (const state of states) state.docs = [];
    },
    async reset(name) {
      resetTx(name);
    },
    async search(query: IndexQuery, options = {}) {
      const { limit, offset } = pageOf(options);
      const kinds = docKindsOf(query.kinds);
      const params = {
        sessions: options.sessionIds ? JSON.stringify(options.sessionIds) : null,
        kinds: kinds.length > 0 ? JSON.stringify(kinds) : null,
        tools: query.tools.length > 0 ? JSON.stringify(query.tools.map(toolKey)) : null,
        limit: limit + 1,
        offset,
      };
      const rows = query.text.length > 0 ? matching.all({ ...params, match: ftsMatch(query.text) }) : filtered.all(params);
      return hitPage(rows, limit, query.text);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** An FTS5 query: each clause a quoted string (a phrase), `*` after it for a prefix; clauses side by side (AND). */
function ftsMatch(clauses: readonly TextClause[]): string {
  return clauses.map((c) => `"${c.tokens.join(' ').replace(/"/g, '""')}"${c.prefix ? ' *' : ''}`).join(' ');
}
