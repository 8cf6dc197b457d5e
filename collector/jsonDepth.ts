/**
 * Nesting depth of JSON, bounded. A hook payload or transcript line can nest thousands of levels deep (one
 * real payload: ~4,200), and every recursive walk over it — `JSON.stringify` (V8 gives up near 4,000 levels),
 * the ingest's canonical JSON, a truncation pass — then throws `RangeError: Maximum call stack size
 * exceeded`. The collector therefore measures depth on the text with a loop (no recursion) and cuts what lies
 * deeper than `MAX_JSON_DEPTH` before anything walks the value.
 */

/**
 * Deepest nesting the collector ships, in levels of objects and arrays (the top-level object is level 1).
 * 128 is serde_json's default recursion limit; real Claude Code payloads and transcript lines stay far below.
 */
export const MAX_JSON_DEPTH = 128;

/** What replaces a value nested deeper than the limit. */
export const CUT_MARKER = `[kap: nested deeper than ${MAX_JSON_DEPTH} levels, cut]`;

/**
 * Whether the JSON `text` nests objects/arrays more than `limit` levels deep. Linear in the text, stops at
 * the first level past the limit; brackets inside strings do not count. Text that is not JSON gets an
 * answer too (whatever its brackets say): parse it to know whether it is JSON.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  // Cheap exit: fewer opening brackets than the limit cannot nest deeper than it.
  let opens = 0;
  for (let at = text.indexOf('{'); at !== -1 && opens <= limit; at = text.indexOf('{', at + 1)) opens += 1;
  for (let at = text.indexOf('['); at !== -1 && opens <= limit; at = text.indexOf('[', at + 1)) opens += 1;
  if (opens <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * A copy of a parsed JSON value in which every object or array below level `limit` is replaced by
 * `CUT_MARKER`. Recursion is at most `limit` deep, so this is safe on any value `JSON.parse` returns (its
 * parser is iterative). Keys such as `__proto__` stay own data properties, as `JSON.parse` made them.
 */
export function cutDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): unknown {
  return cut(value, 1, limit);
}

function cut(value: unknown, level: number, limit: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (level > limit) return CUT_MARKER;
  if (Array.isArray(value)) return value.map((v: unknown) => cut(v, level + 1, limit));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, level + 1, limit)]));
}
