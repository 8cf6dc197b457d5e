/**
 * What the SQLite and PostgreSQL search indexes share once their query ran: the columns a hit is read from
 * (`d` is `search_docs`) and the page made of the rows. Both ask for one row more than `limit` to know
 * whether a next page exists.
 */
import type { SearchHit, SearchPage } from '../search/searchIndex.js';
import type { TextClause } from '../search/searchQuery.js';
import { snippetOf } from '../search/snippet.js';

/** The columns of `search_docs d` a hit needs; the query adds `score`. */
export const HIT_COLUMNS = 'd.session_id, d.kind, d.tool_name, d.turn, d.anchor, d.at, d.body';

export interface HitRow {
  session_id: string;
  kind: SearchHit['kind'];
  tool_name: string | null;
  turn: number;
  anchor: string;
  at: string | null;
  body: string;
  /** bm25 or ts_rank (node-postgres may hand a real back as a string). */
  score: number | string;
}

/** The first `limit` rows as hits, snippets around `text`'s matches; `more` when a row is left over. */
export function hitPage(rows: readonly HitRow[], limit: number, text: readonly TextClause[]): SearchPage {
  return {
    hits: rows.slice(0, limit).map((r) => ({
      sessionId: r.session_id,
      turn: r.turn,
      anchor: r.anchor,
      kind: r.kind,
      toolName: r.tool_name,
      at: r.at,
      snippet: snippetOf(r.body, text),
      score: Number(r.score),
    })),
    more: rows.length > limit,
  };
}
