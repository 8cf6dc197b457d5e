/**
 * The snippet of a hit, made the same way for every adapter: the text around the first place where one of
 * the query's clauses matches (a phrase's tokens in a row, a prefix's last token as a prefix), whitespace
 * collapsed, at most about SNIPPET_CHARS, each matching token wrapped in MARK_START … MARK_END. The mark
 * characters are removed from the text first, so a document cannot forge a highlight.
 */
import type { TextClause } from './searchQuery.js';
import { MARK_END, MARK_START, tokenSpans } from './searchTokens.js';
import type { TokenSpan } from './searchTokens.js';

/** Longest snippet, in characters (marks and ellipses aside). */
export const SNIPPET_CHARS = 240;

export function snippetOf(rawText: string, clauses: readonly TextClause[], maxChars = SNIPPET_CHARS): string {
  const text = rawText.replace(/[\uE000\uE001]/g, '').replace(/\s+/g, ' ').trim();
  const spans = tokenSpans(text);
  const matched = matchedSpans(spans, clauses);
  const first = matched[0];
  let start = 0;
  if (first && first.end > maxChars * 0.6) start = wordStart(text, Math.max(0, first.start - Math.floor(maxChars / 3)));
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length) end = wordEnd(text, end, start);
  // Never split a surrogate pair (an emoji) at either end.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start += 1;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end -= 1;
  let out = '';
  let at = start;
  for (const span of matched) {
    if (span.start < at || span.end > end) continue;
    out += text.slice(at, span.start) + MARK_START + text.slice(span.start, span.end) + MARK_END;
    at = span.end;
  }
  out += text.slice(at, end);
  return `${start > 0 ? '…' : ''}${out}${end < text.length ? '…' : ''}`;
}

/** Spans of every clause match, in text order, without overlaps. */
function matchedSpans(spans: readonly TokenSpan[], clauses: readonly TextClause[]): Array<{ start: number; end: number }> {
  const hits = new Map<number, { start: number; end: number }>();
  for (const clause of clauses) {
    const n = clause.tokens.length;
    for (let i = 0; i + n <= spans.length; i += 1) {
      let ok = true;
      for (let j = 0; j < n && ok; j += 1) {
        const token = spans[i + j]!.token;
        const want = clause.tokens[j]!;
        ok = clause.prefix && j === n - 1 ? token.startsWith(want) : token === want;
      }
      if (!ok) continue;
      for (let j = 0; j < n; j += 1) {
        const s = spans[i + j]!;
        hits.set(s.start, { start: s.start, end: s.end });
      }
    }
  }
  return [...hits.values()].sort((a, b) => a.start - b.start);
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** The start of the word at or after `i` (so a snippet does not open mid-word). */
function wordStart(text: string, i: number): number {
  if (i === 0 || /\s/.test(text[i - 1]!)) return i;
  const space = text.indexOf(' ', i);
  return space < 0 ? i : space + 1;
}

/** The end of the word before `i`, unless that would cut more than half of what is shown. */
function wordEnd(text: string, i: number, start: number): number {
  const space = text.lastIndexOf(' ', i);
  return space > start + (i - start) / 2 ? space : i;
}
