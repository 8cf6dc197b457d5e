/**
 * JSON text to a plain object, the ingest's rule for every transcript line and NDJSON record (and the collector's,
 * which sets aside what the ingest would refuse). No zod: the collector loads this on every drain.
 */
import type { JsonObject } from '../stores/eventStore.js';

/** The parsed value, or undefined when `text` is not JSON. Never throws. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A plain JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `text` as a JSON object, or why not (`not JSON (…)`, `not a JSON object`). */
export function parseJsonObject(text: string): { ok: true; value: JsonObject } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message})` };
  }
  return isJsonObject(value) ? { ok: true, value } : { ok: false, message: 'not a JSON object' };
}
