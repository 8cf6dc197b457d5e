/**
 * Checks a received batch — a JSON body, or an NDJSON body decoded with its lines as bytes
 * (ndjsonBatch.ts) — against `IngestBatch`, without running zod over every item of every batch.
 *
 * The hand-written checks below accept only what the schema accepts (checkIngestBatch.unit.test.ts holds
 * them to it); whatever they do not accept goes to the schema, whose verdict and message stand. So a good
 * batch costs a few property reads per item, and a bad one is refused exactly as the schema says.
 */
import { z } from 'zod';
import type { BatchItem, SessionContext } from './ingestBatch.js';
import { IngestBatch, IsoTime, MAX_BATCH_ITEMS, SESSION_ID_PATTERN, SUBAGENT_FILE_PATTERN } from './ingestBatch.js';
import type { LineBytesItem, WireBatch } from './ndjsonBatch.js';

export type BatchCheck = { ok: true; batch: WireBatch } | { ok: false; message: string };

/** `SessionContext`'s fields and their longest values. */
const CONTEXT_LIMITS = { repo: 300, branch: 300, gitUser: 300, host: 300, osUser: 300, collector: 100 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** The batch, or why `IngestBatch` refuses it. */
export function checkIngestBatch(body: unknown): BatchCheck {
  const fast = quickCheck(body);
  if (fast) return { ok: true, batch: fast };
  const parsed = IngestBatch.safeParse(withTextLines(body));
  return parsed.success ? { ok: true, batch: parsed.data } : { ok: false, message: z.prettifyError(parsed.error) };
}

/** The batch as the schema would output it (unknown keys dropped), or undefined when unsure. */
function quickCheck(body: unknown): WireBatch | undefined {
  if (!isObject(body) || typeof body.sessionId !== 'string' || !SESSION_ID_PATTERN.test(body.sessionId)) return undefined;
  const { items } = body;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH_ITEMS) return undefined;
  let context: SessionContext | undefined;
  if (body.context !== undefined) {
    if (!isObject(body.context)) return undefined;
    context = {};
    for (const key of Object.keys(CONTEXT_LIMITS) as (keyof typeof CONTEXT_LIMITS)[]) {
      const value = body.context[key];
      if (value === undefined) continue;
      if (value !== null && !shortString(value, CONTEXT_LIMITS[key])) return undefined;
      context[key] = value;
    }
  }
  const out: (BatchItem | LineBytesItem)[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = quickCheckItem(items[i]);
    if (!item) return undefined;
    out.push(item);
  }
  return context ? { sessionId: body.sessionId, context, items: out } : { sessionId: body.sessionId, items: out };
}

function quickCheckItem(item: unknown): BatchItem | LineBytesItem | undefined {
  if (!isObject(item)) return undefined;
  const { kind } = item;
  if (kind === 'line' || kind === 'lineBytes') {
    const { file, offset } = item;
    if (typeof file !== 'string' || !(file === 'main' || SUBAGENT_FILE_PATTERN.test(file))) return undefined;
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return undefined;
    if (kind === 'line') return typeof item.text === 'string' ? { kind, file, offset, text: item.text } : undefined;
    return Buffer.isBuffer(item.bytes) ? { kind, file, offset, bytes: item.bytes } : undefined;
  }
  if (kind === 'hook' || kind === 'statusLine') {
    const { observedAt, key, payload } = item;
    // One string: the schema's own check is cheap here.
    if (observedAt !== undefined && !(typeof observedAt === 'string' && IsoTime.safeParse(observedAt).success)) return undefined;
    if (key !== undefined && !shortString(key, 300)) return undefined;
    if (!isObject(payload) || !isPlain(payload)) return undefined;
    return {
      kind,
      ...(observedAt === undefined ? {} : { observedAt }),
      ...(key === undefined ? {} : { key }),
      payload,
    };
  }
  return undefined;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The body with `lineBytes` items as the `line` items the schema knows, for its verdict and message. */
function withTextLines(body: unknown): unknown {
  if (!isObject(body) || !Array.isArray(body.items)) return body;
  return {
    ...body,
    items: body.items.map((item: unknown) => {
      if (!isObject(item) || item.kind !== 'lineBytes' || !Buffer.isBuffer(item.bytes)) return item;
      const { bytes, ...rest } = item;
      return { ...rest, kind: 'line', text: bytes.toString('utf8') };
    }),
  };
}
