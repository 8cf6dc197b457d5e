/**
 * How deep JSON may nest at the ingest. JSON.parse copes with any depth, but much of what follows recurses
 * (canonical JSON for event ids, JSON.stringify in the stores, the projections' walks, redaction): a payload
 * nested 10,000 deep overflows the stack there. The ingest refuses such text before parsing it
 * (`JSON_TOO_DEEP`), so every value Kap stores is at most `MAX_JSON_DEPTH` deep.
 *
 * Depth counts nested containers: `1` is 0 deep, `[1]` and `{}` 1, `{"a":[1]}` 2.
 */

/**
 * The deepest JSON value a hook payload, status-line input or transcript line may be. Real Claude Code
 * transcript lines reach 9 (../shared/corpus); the limit leaves room for deep tool inputs while every
 * recursion over stored data stays far from Node's stack limit (~10,000 frames).
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether the JSON text nests deeper than `maxDepth`, read without parsing it: brackets are counted outside
 * strings, strings skipped with indexOf. Linear in the text, no recursion. Text that is not JSON gets some
 * answer; JSON.parse then says what is wrong with it.
 */
export function jsonTextTooDeep(text: string, maxDepth: number): boolean {
  if (text.length <= maxDepth) return false;
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? n : quote;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) {
        if (++depth > maxDepth) return true;
      } else if (c === 0x5d || c === 0x7d) {
        depth -= 1;
      }
    }
    if (quote === -1) return false;
    i = stringEnd(text, quote);
    if (i === -1) return false;
  }
  return false;
}

/** The index after the string starting with the quote at `open`, or -1 when it never closes. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close === -1) return -1;
    let backslashes = 0;
    for (let k = close - 1; text.charCodeAt(k) === 0x5c; k--) backslashes += 1;
    if (backslashes % 2 === 0) return close + 1;
    from = close + 1;
  }
}

/** The refusal's wording, the same wherever the ingest says it. */
export function tooDeepMessage(what: string, maxDepth = MAX_JSON_DEPTH): string {
  return `${what} nests JSON deeper than ${maxDepth} levels`;
}
