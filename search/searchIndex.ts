/**
 * The search read-model port: the search documents' projection state store (kept current by the projection
 * runner, rebuilt by `kap projections rebuild`) plus the full-text search over the documents.
 * Adapters: SQLite FTS5 (stores/sqliteSearchIndex.ts, the embedded default) and PostgreSQL full-text search
 * (stores/postgresSearchIndex.ts, `KAP_SEARCH_URL`); both pass stores/searchIndex.contract.ts.
 *
 * `commit` writes the states' outboxes (search/searchDocs.ts) idempotently — a document already stored under
 * its (session, key) is kept as it is — with the bookkeeping and the checkpoint in one transaction, then
 * empties the outboxes of the states it wrote.
 */
import type { ProjectionStateStore } from '../projections/projection.js';
import type { SearchDocKind, SearchFoldState } from './searchDocs.js';
import type { QueryKind, TextClause } from './searchQuery.js';

/** What the index itself matches: the text and the document filters (session-level filters are the caller's). */
export interface IndexQuery {
  /** Every clause must match (AND); empty: every document the filters let through, newest first. */
  text: readonly TextClause[];
  /** Any of these kinds (`tool`: inputs and outputs); empty: all. */
  kinds: readonly QueryKind[];
  /** Any of these tool names, case-insensitively; empty: any document (tool or not). */
  tools: readonly string[];
}

export interface SearchOptions {
  /** Hits per page, 1…200. Default 20. */
  limit?: number;
  /** Hits skipped (paging). Default 0. */
  offset?: number;
  /** Only these sessions (the ones the reader may see and the session filters chose); undefined: every session. */
  sessionIds?: readonly string[];
}

export interface SearchHit {
  sessionId: string;
  /** The page's turn number. */
  turn: number;
  /** The page anchor, without `#`. */
  anchor: string;
  kind: SearchDocKind;
  toolName: string | null;
  /** The line's time (ISO 8601), when it has one. */
  at: string | null;
  /** Around the first match, at most ~SNIPPET_CHARS, matches between MARK_START and MARK_END (search/snippet.ts). */
  snippet: string;
  /** Higher is better; comparable within one answer only (bm25 or ts_rank). 0 without text clauses. */
  score: number;
}

export interface SearchPage {
  /** Best first (ties: newest first). */
  hits: SearchHit[];
  /** Whether a next page exists. */
  more: boolean;
}

export interface SearchIndex extends ProjectionStateStore<SearchFoldState> {
  search(query: IndexQuery, options?: SearchOptions): Promise<SearchPage>;
  close(): Promise<void>;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 200;

/** `limit` and `offset` made whole and within bounds. */
export function pageOf(options: SearchOptions): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_SEARCH_LIMIT) || DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT);
  const offset = Math.max(Math.trunc(options.offset ?? 0) || 0, 0);
  return { limit, offset };
}

/** The tool-name key both adapters compare (`tool:bash` finds `Bash`). */
export const toolKey = (name: string): string => name.toLowerCase();

/** The stored document kinds a query's `kind:` values name. */
export function docKindsOf(kinds: readonly QueryKind[]): SearchDocKind[] {
  const out = new Set<SearchDocKind>();
  for (const kind of kinds) {
    if (kind === 'prompt') out.add('prompt');
    else if (kind === 'assistant') out.add('assistant');
    else {
      out.add('tool_input');
      out.add('tool_output');
    }
  }
  return [...out];
}
