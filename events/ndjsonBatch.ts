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
import type { BatchItem, IngestBatch, SessionContext } from './ingestBatch.js';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/**
 * A transcript line given as the bytes it has in its file, so a sender that read the file need not decode
 * and re-encode it: valid UTF-8, one JSON document, no CR or LF. On the wire it is a `line` item.
 */
export interface LineBytesItem {
  kind: 'lineBytes';
  file: string;
  offset: number;
  bytes: Buffer;
}

/**
 * An item its sender already holds as its NDJSON line (e.g. a hook payload it read as JSON text), sent as
 * is. One JSON document, no newline.
 */
export interface EncodedItem {
  kind: 'encoded';
  ndjson: string;
}

/** A batch as a sender holds it. */
export interface OutgoingBatch {
  sessionId: string;
  context?: SessionContext | undefined;
  items: readonly (BatchItem | LineBytesItem | EncodedItem)[];
}

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

/**
 * Serialises a batch into one buffer: the same NDJSON as `encodeNdjsonBatch`, with `lineBytes` items copied
 * as they are (no decoding, no string building over the lines) and `encoded` items written as they are.
 */
export function encodeNdjsonBody(batch: OutgoingBatch): Buffer {
  const header = JSON.stringify(batch.context ? { sessionId: batch.sessionId, context: batch.context } : { sessionId: batch.sessionId });
  // Text between byte items is collected into one string a run, then everything is copied into one buffer.
  const parts: (string | Uint8Array)[] = [];
  let size = 0;
  let text = `${header}\n`;
  const endText = () => {
    parts.push(text);
    size += Buffer.byteLength(text, 'utf8');
    text = '';
  };
  for (const item of batch.items) {
    if (item.kind === 'lineBytes') {
      text += `{"kind":"line","file":${JSON.stringify(item.file)},"offset":${item.offset}}\n`;
      endText();
      parts.push(item.bytes);
      size += item.bytes.length;
      text = '\n';
    } else if (item.kind === 'encoded') {
      text += `${item.ndjson}\n`;
    } else if (item.kind === 'line') {
      const line = item.text.includes('\n') || item.text.includes('\r') ? item.text.replace(/[\r\n]+/g, ' ') : item.text;
      text += `${JSON.stringify({ kind: 'line', file: item.file, offset: item.offset })}\n${line}\n`;
    } else {
      text += `${JSON.stringify(item)}\n`;
    }
  }
  endText();
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      at += body.write(part, at, 'utf8');
    } else {
      body.set(part, at);
      at += part.length;
    }
  }
  return body;
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
