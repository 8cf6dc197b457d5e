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
 * Decoding only splits and parses the small headers; the result is checked like a JSON body (ingestBatch.ts).
 */
import type { BatchItem, IngestBatch, SessionContext } from './ingestBatch.js';
import { jsonTextTooDeep, MAX_JSON_DEPTH, tooDeepMessage } from './jsonDepth.js';

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

/** A batch with its transcript lines as text (`IngestBatch` items) or as bytes, as it is sent and received. */
export interface WireBatch {
  sessionId: string;
  context?: SessionContext | undefined;
  items: readonly (BatchItem | LineBytesItem)[];
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

/**
 * The batch, or why the body is none: `INVALID_NDJSON`, or `JSON_TOO_DEEP` when a header or item line nests
 * deeper than a payload may (`MAX_JSON_DEPTH`, plus the item's own level).
 */
export type NdjsonDecoding = { ok: true; batch: unknown } | { ok: false; code: 'INVALID_NDJSON' | 'JSON_TOO_DEEP'; message: string };

/**
 * Splits an NDJSON body (valid UTF-8) into the batch object `IngestBatch` validates, except that transcript
 * lines come as `lineBytes` items holding their bytes: only the small headers are decoded here, each line
 * once, later, by whoever validates it. Never throws.
 */
export function decodeNdjsonBody(body: Buffer): NdjsonDecoding {
  let start = 0;
  let index = 0;
  /** The next line's bounds, or undefined at the end (a last line may lack its newline). */
  const next = (): { from: number; to: number } | undefined => {
    if (start >= body.length) return undefined;
    let to = body.indexOf(0x0a, start);
    if (to === -1) to = body.length;
    const line = { from: start, to };
    start = to + 1;
    index += 1;
    return line;
  };
  type Failure = Extract<NdjsonDecoding, { ok: false }>;
  const fail = (message: string): Failure => ({ ok: false, code: 'INVALID_NDJSON', message });
  const parse = (line: { from: number; to: number }): { ok: true; value: Record<string, unknown> } | Failure => {
    const text = body.toString('utf8', line.from, line.to);
    // An item holds its payload one level down.
    if (jsonTextTooDeep(text, MAX_JSON_DEPTH + 1)) return { ok: false, code: 'JSON_TOO_DEEP', message: `line ${index}: ${tooDeepMessage('its payload')}` };
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
      return fail(`line ${index}: not a JSON object`);
    } catch (error) {
      return fail(`line ${index}: not JSON (${(error as Error).message})`);
    }
  };
  const first = next();
  if (!first) return fail('empty body');
  const header = parse(first);
  if (!header.ok) return header;
  const items: unknown[] = [];
  for (let line = next(); line; line = next()) {
    const item = lineItemHeader(body, line.from, line.to) ?? parse(line);
    if (!item.ok) return item;
    if (item.value.kind === 'line') {
      const text = next();
      if (!text) return fail(`line ${index}: a line item without its transcript line`);
      items.push({ ...item.value, kind: 'lineBytes', bytes: body.subarray(text.from, text.to) });
    } else {
      items.push(item.value);
    }
  }
  return { ok: true, batch: { ...header.value, items } };
}

const LINE_HEADER_START = Buffer.from('{"kind":"line","file":"');
const LINE_HEADER_OFFSET = Buffer.from('","offset":');

/**
 * A line item header exactly as `encodeNdjsonBody` writes it (`{"kind":"line","file":"main","offset":12}`,
 * an ASCII file key without escapes, at most 15 digits), read without JSON.parse; undefined for any other
 * spelling, which JSON.parse then reads.
 */
function lineItemHeader(body: Buffer, from: number, to: number): { ok: true; value: Record<string, unknown> } | undefined {
  const startsWith = (prefix: Buffer, at: number) => at + prefix.length <= to && body.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
  if (!startsWith(LINE_HEADER_START, from)) return undefined;
  const fileFrom = from + LINE_HEADER_START.length;
  let fileTo = fileFrom;
  for (; fileTo < to && body[fileTo] !== 0x22; fileTo++) {
    const byte = body[fileTo]!;
    if (byte === 0x5c || byte < 0x20 || byte > 0x7e) return undefined;
  }
  if (!startsWith(LINE_HEADER_OFFSET, fileTo)) return undefined;
  const digitsFrom = fileTo + LINE_HEADER_OFFSET.length;
  const digits = to - 1 - digitsFrom;
  if (body[to - 1] !== 0x7d || digits < 1 || digits > 15 || (digits > 1 && body[digitsFrom] === 0x30)) return undefined;
  let offset = 0;
  for (let i = digitsFrom; i < to - 1; i++) {
    const digit = body[i]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    offset = offset * 10 + digit;
  }
  return { ok: true, value: { kind: 'line', file: body.toString('latin1', fileFrom, fileTo), offset } };
}
