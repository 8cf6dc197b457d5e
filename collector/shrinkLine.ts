/**
 * Makes an oversized transcript line fit the ingest's per-line limit (events/ingestBatch.ts) instead of
 * losing it: the longest string values are cut, each marked with how much was cut, and the line gets
 * `"kapTruncated": true`. Lines under the limit come back unchanged.
 */
import { MAX_LINE_BYTES } from '../events/ingestLimits.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Returns `text` if it fits `maxBytes` (UTF-8), else a re-serialised, truncated copy that does. */
export function shrinkLine(text: string, maxBytes = MAX_LINE_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return text; // not JSON: the ingest will say so
  }
  let keep = 64 * 1024;
  for (let round = 0; round < 12; round++) {
    const shrunk = truncateStrings(value, keep);
    if (typeof shrunk === 'object' && shrunk !== null && !Array.isArray(shrunk)) shrunk.kapTruncated = true;
    const out = JSON.stringify(shrunk);
    if (Buffer.byteLength(out, 'utf8') <= maxBytes) return out;
    keep = Math.floor(keep / 2);
  }
  return JSON.stringify({ type: 'kap-truncated', kapTruncated: true, bytes: Buffer.byteLength(text, 'utf8') });
}

function truncateStrings(value: Json, keep: number): Json {
  if (typeof value === 'string') {
    return value.length > keep ? `${value.slice(0, keep)}… [kap: ${value.length - keep} characters cut]` : value;
  }
  if (Array.isArray(value)) return value.map((v) => truncateStrings(v, keep));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = truncateStrings(v, keep);
    return out;
  }
  return value;
}
