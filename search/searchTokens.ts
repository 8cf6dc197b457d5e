/**
 * How search reads text: one tokenizer for the documents and the queries, for every adapter, so SQLite FTS5
 * and PostgreSQL answer alike. A token is a run of letters and digits (Unicode `\p{L}\p{N}`), NFKC-normalised
 * and lower-cased; everything else separates tokens, so `src/app.ts` is `src app ts` and `foo_bar` is
 * `foo bar` in both engines (each engine's own parser would split these differently: PostgreSQL's keeps
 * `app.ts` as a file token, FTS5 splits it).
 *
 * Snippets mark matches with two private-use characters (MARK_START, MARK_END) that no renderer shows as
 * such: the web page and the CLI escape the text first, then turn them into `<mark>` or colour.
 */

/** Starts a highlighted match in a snippet (U+E000, private use). */
export const MARK_START = '\uE000';
/** Ends a highlighted match in a snippet (U+E001, private use). */
export const MARK_END = '\uE001';

/** A token and where it stands in the original text (UTF-16 offsets, `end` exclusive). */
export interface TokenSpan {
  token: string;
  start: number;
  end: number;
}

/** Longest token, in code points: a longer run (a hash, base64) is cut to it, in documents and queries alike (PostgreSQL refuses lexemes over 2 KB). */
export const MAX_TOKEN_CHARS = 256;

const WORD = /[\p{L}\p{N}]+/gu;
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/** The tokens of `text`, each with its span in `text` (a span whose normalised form splits gives several tokens on one span). */
export function tokenSpans(text: string): TokenSpan[] {
  const out: TokenSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    for (const token of match[0].normalize('NFKC').toLowerCase().split(SEPARATOR)) {
      if (token === '') continue;
      out.push({ token: token.length > MAX_TOKEN_CHARS ? [...token].slice(0, MAX_TOKEN_CHARS).join('') : token, start, end });
    }
  }
  return out;
}

/** The tokens of `text`, in order. */
export function tokensOf(text: string): string[] {
  return tokenSpans(text).map((s) => s.token);
}
