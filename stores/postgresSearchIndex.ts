/**
 * The search index on PostgreSQL full-text search (`KAP_SEARCH_URL=postgres://…`), for a team's Kap: the
 * documents in `<schema>.search_docs` with a `tsvector` built by Kap itself (search/searchTokens.ts gives
 * the lexemes and their positions, passed as a tsvector literal, so PostgreSQL's parser never re-splits them
 * and SQLite FTS5 and PostgreSQL index the same tokens), a GIN index, `tsquery` literals for terms, phrases
 * (`<->`) and prefixes (`:*`), ranked by `ts_rank`. The fold's bookkeeping, the checkpoint and projection
 * errors live in the same schema; each commit is one transaction.
 *
 * Every value is a bind parameter; the schema name is checked (`[a-z_][a-z0-9_]*`) before it is quoted into
 * the statements. The pool's errors are logged by the caller through `onError` and do not crash Kap.
 */
import pg from 'pg';
import { formatPosition, parsePosition } from './eventStore.js';
import type { ProjectionError } from '../projections/projection.js';
import type { SearchFoldState } from '../search/searchDocs.js';
import { docKindsOf, pageOf, toolKey } from '../search/searchIndex.js';
import type { IndexQuery, SearchIndex } from '../search/searchIndex.js';
import type { TextClause } from '../search/searchQuery.js';
import { tokensOf } from '../search/searchTokens.js';
import { HIT_COLUMNS, hitPage } from './searchHitRows.js';
import type { HitRow } from './searchHitRows.js';

export interface PostgresSearchIndexOptions {
  /** A `postgres://` connection URL. */
  url: string;
  /** Where the tables live. Default `kap_search`. */
  schema?: string;
  /** Idle-client errors of the pool (a restarted server); default ignored (the next query reconnects). */
  onError?: (error: Error) => void;
}

/** PostgreSQL keeps at most this position in a tsvector; later tokens share it. */
const MAX_POSITION = 16383;
/** Documents per INSERT statement. */
const INSERT_CHUNK = 500;

/** PostgreSQL could not be reached or refused the schema at start; the message names the host, never the password. */
export class SearchIndexUnavailableError extends Error {
  readonly code = 'SEARCH_INDEX_UNAVAILABLE';
}

/**
 * Opens the pool and creates the schema and tables when missing. Throws `SearchIndexUnavailableError` when
 * PostgreSQL cannot be reached or refuses (after closing the pool).
 */
export async function createPostgresSearchIndex(options: PostgresSearchIndexOptions): Promise<SearchIndex> {
  const schema = options.schema ?? 'kap_search';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`not a schema name Kap uses: ${JSON.stringify(schema)}`);
  const s = `"${schema}"`;
  const pool = new pg.Pool({ connectionString: options.url, max: 4 });
  pool.on('error', (error) => options.onError?.(error));
  await inTransaction(pool, async (client) => {
    // Two processes starting together would race on CREATE … IF NOT EXISTS.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`kap-search:${schema}`]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.search_docs (
        id bigserial PRIMARY KEY, session_id text NOT NULL, doc_key text NOT NULL, kind text NOT NULL,
        tool_name text, tool_key text, tool_use_id text, turn integer NOT NULL, anchor text NOT NULL, at text,
        body text NOT NULL, tsv tsvector NOT NULL, UNIQUE (session_id, doc_key)
      );
      CREATE INDEX IF NOT EXISTS search_docs_tsv ON ${s}.search_docs USING gin (tsv);
      CREATE INDEX IF NOT EXISTS search_docs_unpaired ON ${s}.search_docs (session_id) WHERE kind = 'tool_output' AND tool_name IS NULL;
      CREATE TABLE IF NOT EXISTS ${s}.search_states (session_id text PRIMARY KEY, state jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS ${s}.checkpoints (name text PRIMARY KEY, position text NOT NULL);
      CREATE TABLE IF NOT EXISTS ${s}.projection_errors (
        projection text NOT NULL, event_id text NOT NULL, stream text NOT NULL, revision bigint NOT NULL,
        message text NOT NULL, recorded_at text NOT NULL, seq bigserial, PRIMARY KEY (projection, event_id)
      );
    `);
  }).catch(async (error: unknown) => {
    await pool.end().catch(() => undefined);
    const where = URL.canParse(options.url) ? new URL(options.url).host : 'KAP_SEARCH_URL';
    throw new SearchIndexUnavailableError(`the search index on PostgreSQL (${where}, schema ${schema}) cannot be opened: ${(error as Error).message}; check KAP_SEARCH_URL`);
  });

  const filters = (first: number) => `($${first}::text[] IS NULL OR d.session_id = ANY($${first}))
    AND ($${first + 1}::text[] IS NULL OR d.kind = ANY($${first + 1}))
    AND ($${first + 2}::text[] IS NULL OR d.tool_key = ANY($${first + 2}))`;
  const order = 'd.at DESC NULLS LAST, d.session_id COLLATE "C", d.doc_key COLLATE "C"';

  return {
    async get(sessionId) {
      const { rows } = await pool.query<{ state: Omit<SearchFoldState, 'docs'> }>(`SELECT state FROM ${s}.search_states WHERE session_id = $1`, [sessionId]);
      const row = rows[0];
      return row ? { ...row.state, docs: [] } : undefined;
    },
    async commit(states, checkpoint, failed = []) {
      await inTransaction(pool, async (client) => {
        const docs = states.flatMap((state) => state.docs.map((doc) => ({ sessionId: state.sessionId, doc })));
        for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
          const chunk = docs.slice(i, i + INSERT_CHUNK);
          const column = <T>(pick: (d: (typeof chunk)[number]) => T) => chunk.map(pick);
          await client.query(
            `INSERT INTO ${s}.search_docs (session_id, doc_key, kind, tool_name, tool_key, tool_use_id, turn, anchor, at, body, tsv)
             SELECT u.session_id, u.doc_key, u.kind, u.tool_name, u.tool_key, u.tool_use_id, u.turn, u.anchor, u.at, u.body, u.tsv::tsvector
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
               AS u (session_id, doc_key, kind, tool_name, tool_key, tool_use_id, turn, anchor, at, body, tsv)
             ON CONFLICT (session_id, doc_key) DO NOTHING`,
            [
              column((d) => d.sessionId),
              column((d) => stripNul(d.doc.key)),
              column((d) => d.doc.kind),
              column((d) => (d.doc.toolName === null ? null : stripNul(d.doc.toolName))),
              column((d) => (d.doc.toolName === null ? null : stripNul(toolKey(d.doc.toolName)))),
              column((d) => (d.doc.toolUseId === null ? null : stripNul(d.doc.toolUseId))),
              column((d) => d.doc.turn),
              column((d) => stripNul(d.doc.anchor)),
              column((d) => (d.doc.at === null ? null : stripNul(d.doc.at))),
              column((d) => stripNul(d.doc.text)),
              column((d) => tsvectorLiteral(tokensOf(d.doc.text))),
            ],
          );
        }
        const withTools = [...new Set(docs.filter((d) => d.doc.toolUseId !== null).map((d) => d.sessionId))];
        if (withTools.length > 0) {
          await client.query(
            `UPDATE ${s}.search_docs AS o SET tool_name = i.tool_name, tool_key = i.tool_key FROM ${s}.search_docs AS i
             WHERE o.session_id = ANY($1) AND o.kind = 'tool_output' AND o.tool_name IS NULL
               AND i.session_id = o.session_id AND i.doc_key = 'tool-in:' || o.tool_use_id`,
            [withTools],
          );
        }
        if (states.length > 0) {
          await client.query(
            `INSERT INTO ${s}.search_states (session_id, state) SELECT * FROM unnest($1::text[], $2::jsonb[])
             ON CONFLICT (session_id) DO UPDATE SET state = excluded.state`,
            [states.map((st) => st.sessionId), states.map((st) => JSON.stringify({ sessionId: st.sessionId, revision: st.revision, turn: st.turn }))],
          );
        }
        for (const e of failed) {
          await client.query(
            `INSERT INTO ${s}.projection_errors (projection, event_id, stream, revision, message, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (projection, event_id) DO UPDATE SET message = excluded.message, recorded_at = excluded.recorded_at`,
            [e.projection, e.eventId, e.stream, e.revision, stripNul(e.message), e.recordedAt],
          );
        }
        await client.query(`INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position`, [
          checkpoint.name,
          formatPosition(checkpoint.position),
        ]);
      });
      for (const state of states) state.docs = [];
    },
    async checkpoint(name) {
      const { rows } = await pool.query<{ position: string }>(`SELECT position FROM ${s}.checkpoints WHERE name = $1`, [name]);
      return rows[0] ? parsePosition(rows[0].position) : undefined;
    },
    async reset(name) {
      await inTransaction(pool, async (client) => {
        await client.query(`TRUNCATE ${s}.search_docs, ${s}.search_states`);
        await client.query(`DELETE FROM ${s}.checkpoints WHERE name = $1`, [name]);
        await client.query(`DELETE FROM ${s}.projection_errors WHERE projection = $1`, [name]);
      });
    },
    async projectionErrors(projection, limit = 100) {
      const { rows } = await pool.query<{ projection: string; event_id: string; stream: string; revision: string; message: string; recorded_at: string }>(
        `SELECT * FROM ${s}.projection_errors WHERE ($1::text IS NULL OR projection = $1) ORDER BY recorded_at DESC, seq DESC LIMIT $2`,
        [projection ?? null, limit],
      );
      return rows.map(
        (r): ProjectionError => ({ projection: r.projection, eventId: r.event_id, stream: r.stream, revision: Number(r.revision), message: r.message, recordedAt: r.recorded_at }),
      );
    },
    async countProjectionErrors(projection) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.projection_errors WHERE ($1::text IS NULL OR projection = $1)`, [projection ?? null]);
      return Number(rows[0]?.n ?? 0);
    },
    async search(query: IndexQuery, options = {}) {
      const { limit, offset } = pageOf(options);
      const kinds = docKindsOf(query.kinds);
      const params = [options.sessionIds ? options.sessionIds.map(stripNul) : null, kinds.length > 0 ? kinds : null, query.tools.length > 0 ? query.tools.map((t) => stripNul(toolKey(t))) : null];
      const { rows } =
        query.text.length > 0
          ? await pool.query<HitRow>(
              `SELECT ${HIT_COLUMNS}, ts_rank(d.tsv, q.q) AS score FROM ${s}.search_docs d, (SELECT $1::tsquery AS q) q
               WHERE d.tsv @@ q.q AND ${filters(2)} ORDER BY score DESC, ${order} LIMIT $5 OFFSET $6`,
              [tsqueryLiteral(query.text), ...params, limit + 1, offset],
            )
          : await pool.query<HitRow>(`SELECT ${HIT_COLUMNS}, 0 AS score FROM ${s}.search_docs d WHERE ${filters(1)} ORDER BY ${order} LIMIT $4 OFFSET $5`, [...params, limit + 1, offset]);
      return hitPage(rows, limit, query.text);
    },
    async close() {
      await pool.end();
    },
  };
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A lexeme quoted for tsvector / tsquery input (`'` doubled, `\` escaped). */
const lexeme = (token: string): string => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** `'tok':1 'other':2 …`: the tokens at their positions (1-based, capped at MAX_POSITION). */
function tsvectorLiteral(tokens: readonly string[]): string {
  return tokens.map((t, i) => `${lexeme(t)}:${Math.min(i + 1, MAX_POSITION)}`).join(' ');
}

/** Each clause a phrase (`<->`), its last token `:*` for a prefix; clauses joined with `&`. */
function tsqueryLiteral(clauses: readonly TextClause[]): string {
  return clauses.map((c) => `(${c.tokens.map((t, i) => `${lexeme(t)}${c.prefix && i === c.tokens.length - 1 ? ':*' : ''}`).join(' <-> ')})`).join(' & ');
}

/** PostgreSQL text cannot hold U+0000: it is dropped (from keys, anchors and filters alike, so they still meet). */
function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}
