/**
 * Bounded walks over JSON from session data. A tool input or hook payload can nest 10,000 levels deep
 * (the ingest stores it: JSON.parse is not recursive), and a recursive walk or JSON.stringify of it overflows
 * the stack; so depth is measured without recursion, and deep values are cut before anything recursive sees
 * them.
 */

/** Deepest nesting a projection keeps from a payload (objects and arrays; the value itself is level 0). */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` holds an object or array nested more than `max` levels deep (iterative; stops early). */
export function deeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * `value` with every object or array at level `max` replaced by the string `[nested deeper than <max> levels]`
 * (recursion at most `max` deep). Values within the bound are returned as they are (not copied).
 */
export function boundDepth(value: unknown, max = MAX_JSON_DEPTH): unknown {
  if (!deeperThan(value, max)) return value;
  return cut(value, 0, max);
}

function cut(value: unknown, depth: number, max: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= max) return `[nested deeper than ${max} levels]`;
  if (Array.isArray(value)) return value.map((v) => cut(v, depth + 1, max));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, depth + 1, max)]));
}
