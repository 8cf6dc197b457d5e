/**
 * The ingest batch as NDJSON (`application/x-ndjson`), the collector's wire format: transcript lines travel
 * as the raw lines they are, so neither side escapes or unescapes them (a JSON body would carry each line
 * as a string inside a string). Layout, one JSON document per line:
 *
 *   {"sessionId": "…", "context": {…}}                header
 *   {"kind": "line", "file": "main", "offset": 0}     an item header; for a line, the next line is the
 *   {"type": "user", …}                               transcript line itself, as written
 *   {"kind": "hook", "observedAt": "…", "payload": {…}}
 *
 * Decoding only splits and parses the small headers; the result is checked by the same `IngestBatch` schema
 * as a JSON body.
 */
import type { IngestBatch } from './ingestBatch.js';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Serialises a batch. Transcript line texts must hold no newline (JSONL lines never do). */
export function encodeNdjsonBatch(batch: IngestBatch): string {
  const parts: string[] = [JSON.stringify(batch.context ? { sessionId: batch.sessionId, context: batch.context } : { sessionId: batch.sessionId })];
  for (const item of batch.items) {
    if (item.kind === 'line') {
      parts.push(JSON.stringify({ kind: 'line', file: item.file, offset: item.offset }), item.text.replace(/[\r\n]+/g, ' '));
    } else {
      parts.push(JSON.stringify(item));
    }
  }
  return `${parts.join('\n')}\n`;
}

export type NdjsonDecoding = { ok: true; batch: unknown } | { ok: false; message: string };

/** Splits an NDJSON body into the object `IngestBatch` validates. Never throws. */
export function decodeNdjsonBatch(text: string): NdjsonDecoding {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parse = (index: number): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } => {
    try {
      const value = JSON.parse(lines[index]!) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
      return { ok: false, message: `line ${index + 1}: not a JSON object` };
    } catch (error) {
      return { ok: false, message: `line ${index + 1}: not JSON (${(error as Error).message})` };
    }
  };
  if (lines.length === 0) return { ok: false, message: 'empty body' };
  const header = parse(0);
  if (!header.ok) return header;
  const items: unknown[] = [];
  for (let i = 1; i < lines.length; i++) {
    const item = parse(i);
    if (!item.ok) return item;
    if (item.value.kind === 'line') {
      if (i + 1 >= lines.length) return { ok: false, message: `line ${i + 1}: a line item without its transcript line` };
      items.push({ ...item.value, text: lines[i + 1] });
      i += 1;
    } else {
      items.push(item.value);
    }
  }
  return { ok: true, batch: { ...header.value, items } };
}
