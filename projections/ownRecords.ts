/**
 * Records keyed by data (tool names, model names, message and tool_use ids, agent ids) as a fold works on
 * them: as Maps, so a key such as `__proto__`, `constructor` or `toString` is a key like any other and never
 * reaches Object.prototype. States keep plain JSON objects (their shape is a contract); `recordOf` builds them
 * with own properties only (`Object.fromEntries` defines `__proto__` as a property instead of setting the
 * prototype), and JSON.stringify / JSON.parse round-trip them as they are.
 */

/** The entries of a stored record (own enumerable properties only), as a Map. */
export function mapOf<V>(record: Readonly<Record<string, V>> | undefined): Map<string, V> {
  return new Map(record === undefined ? [] : Object.entries(record));
}

/** A Map as a plain record with every key an own property. */
export function recordOf<V>(map: ReadonlyMap<string, V>): Record<string, V> {
  return Object.fromEntries(map);
}

/** The keys of a stored `{ id: true }` record, as a Set. */
export function setOf(record: Readonly<Record<string, unknown>> | undefined): Set<string> {
  return new Set(record === undefined ? [] : Object.keys(record));
}

/** A Set as the stored `{ id: true }` record. */
export function trueRecordOf(set: ReadonlySet<string>): Record<string, true> {
  return Object.fromEntries([...set].map((key) => [key, true] as const));
}
