/**
 * The search query language, parsed once into a query (the AST every surface and adapter reads):
 *
 *   fold widget          both words (AND), anywhere in one document
 *   "fold the widget"    a phrase: the words next to each other, in order
 *   widg*                a prefix (also at the end of a phrase: "fold the wid"*)
 *   src/app.ts           a word with separators is a phrase of its tokens (search/searchTokens.ts)
 *   repo:owner/name  user:<name, email or Slack id>  session:<id or prefix>  status:running|waiting|idle|ended
 *   after:YYYY-MM-DD  before:YYYY-MM-DD   (the session's last activity on or after / its start before the day, UTC)
 *   kind:prompt|assistant|tool   tool:<ToolName>
 *
 * The same filter given twice matches either value (`tool:Bash tool:Edit`); different filters all apply. A
 * word with a colon whose prefix is not a filter (`http://x`, `foo:bar`) is text, unless the prefix looks
 * like a filter name mistyped (letters only, e.g. `tol:Bash`): then it is an `UNKNOWN_FILTER` error, so a
 * typo never silently searches for the wrong thing. Quote it (`"tol:Bash"`) to search for it as text.
 * A query is never thrown at: every problem is an `{ ok: false, code, message }` value.
 */
import type { SessionStatus } from '../projections/hookStatus.js';
import { tokensOf } from './searchTokens.js';

/** Document kinds a `kind:` filter names; `tool` means tool inputs and outputs. */
export const QUERY_KINDS = ['prompt', 'assistant', 'tool'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export const QUERY_STATUSES: readonly SessionStatus[] = ['running', 'waiting', 'idle', 'ended'];

/** Words that must all match: a phrase of one or more tokens, the last a prefix when `prefix`. */
export interface TextClause {
  tokens: string[];
  prefix: boolean;
}

export interface SearchQuery {
  /** Every clause must match the document (AND); empty: the filters alone choose. */
  text: TextClause[];
  kinds: QueryKind[];
  /** Tool names, compared case-insensitively. */
  tools: string[];
  repos: string[];
  users: string[];
  /** Session ids or id prefixes. */
  sessions: string[];
  statuses: SessionStatus[];
  /** `YYYY-MM-DD`, inclusive. */
  after: string | undefined;
  before: string | undefined;
}

export type QueryErrorCode = 'EMPTY_QUERY' | 'UNBALANCED_QUOTE' | 'UNKNOWN_FILTER' | 'BAD_FILTER_VALUE' | 'QUERY_TOO_LONG';

export type ParsedQuery = { ok: true; query: SearchQuery } | { ok: false; code: QueryErrorCode; message: string };

/** Longest query accepted, in characters. */
export const MAX_QUERY_CHARS = 1000;
/** Most text clauses in one query (each is a join in the engine). */
export const MAX_CLAUSES = 16;

const FILTERS = ['repo', 'user', 'kind', 'tool', 'session', 'after', 'before', 'status'] as const;
type Filter = (typeof FILTERS)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const fail = (code: QueryErrorCode, message: string): ParsedQuery => ({ ok: false, code, message });

/** Parses a query; see the module comment for the syntax. */
export function parseSearchQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_CHARS) return fail('QUERY_TOO_LONG', `a query has at most ${MAX_QUERY_CHARS} characters`);
  const query: SearchQuery = { text: [], kinds: [], tools: [], repos: [], users: [], sessions: [], statuses: [], after: undefined, before: undefined };
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) return fail('UNBALANCED_QUOTE', 'a quote is not closed: put a " at the end of the phrase');
      const prefix = input[close + 1] === '*';
      addText(query, input.slice(i + 1, close), prefix);
      i = close + (prefix ? 2 : 1);
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end]!) && input[end] !== '"') end += 1;
    const word = input.slice(i, end);
    i = end;
    const colon = word.indexOf(':');
    const name = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if ((FILTERS as readonly string[]).includes(name)) {
      let value = word.slice(colon + 1);
      // `repo:"owner/name"` or `user:"Dana Lee"`: a quoted value.
      if (value === '' && input[i] === '"') {
        const close = input.indexOf('"', i + 1);
        if (close < 0) return fail('UNBALANCED_QUOTE', 'a quote is not closed: put a " at the end of the value');
        value = input.slice(i + 1, close);
        i = close + 1;
      }
      const problem = addFilter(query, name as Filter, value.trim());
      if (problem) return problem;
      continue;
    }
    if (colon > 0 && /^[a-z]+$/i.test(name) && word.slice(colon + 1) !== '' && !word.slice(colon + 1).startsWith('//')) {
      return fail('UNKNOWN_FILTER', `"${name}:" is not a filter; filters are ${FILTERS.map((f) => `${f}:`).join(' ')} (quote the word to search for it as text)`);
    }
    const prefix = word.endsWith('*');
    addText(query, prefix ? word.replace(/\*+$/, '') : word, prefix);
  }
  if (query.text.length > MAX_CLAUSES) return fail('QUERY_TOO_LONG', `a query has at most ${MAX_CLAUSES} words or phrases`);
  const filtered = query.kinds.length + query.tools.length + query.repos.length + query.users.length + query.sessions.length + query.statuses.length > 0;
  if (query.text.length === 0 && !filtered && query.after === undefined && query.before === undefined) {
    return fail('EMPTY_QUERY', 'type words to search for (letters or digits), a "phrase", a prefix*, or a filter such as tool:Bash');
  }
  return { ok: true, query };
}

/** A word or phrase as a clause; one with no letters or digits (`*`, `--`) adds nothing. */
function addText(query: SearchQuery, text: string, prefix: boolean): void {
  const tokens = tokensOf(text);
  if (tokens.length > 0) query.text.push({ tokens, prefix });
}

function addFilter(query: SearchQuery, name: Filter, value: string): ParsedQuery | undefined {
  if (value === '') return fail('BAD_FILTER_VALUE', `${name}: needs a value, e.g. ${example(name)}`);
  switch (name) {
    case 'repo':
      query.repos.push(value);
      return undefined;
    case 'user':
      query.users.push(value);
      return undefined;
    case 'session':
      query.sessions.push(value);
      return undefined;
    case 'tool':
      query.tools.push(value);
      return undefined;
    case 'kind': {
      const kind = value.toLowerCase();
      if (!(QUERY_KINDS as readonly string[]).includes(kind)) return fail('BAD_FILTER_VALUE', `kind: is one of ${QUERY_KINDS.join(', ')}`);
      query.kinds.push(kind as QueryKind);
      return undefined;
    }
    case 'status': {
      const status = value.toLowerCase();
      if (!(QUERY_STATUSES as readonly string[]).includes(status)) return fail('BAD_FILTER_VALUE', `status: is one of ${QUERY_STATUSES.join(', ')}`);
      query.statuses.push(status as SessionStatus);
      return undefined;
    }
    case 'after':
    case 'before': {
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
        return fail('BAD_FILTER_VALUE', `${name}: takes a day as YYYY-MM-DD, e.g. ${example(name)}`);
      }
      query[name] = value;
      return undefined;
    }
  }
}

function example(name: Filter): string {
  const examples: Record<Filter, string> = {
    repo: 'repo:acme/web',
    user: 'user:dana@acme.dev',
    kind: 'kind:prompt',
    tool: 'tool:Bash',
    session: 'session:3f2a',
    after: 'after:2026-01-31',
    before: 'before:2026-02-28',
    status: 'status:running',
  };
  return examples[name];
}
