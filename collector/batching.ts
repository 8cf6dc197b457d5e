/**
 * Cuts a session's items into ingest batches under a byte budget and the item limit, keeping their order.
 */
import type { SessionContext } from '../events/ingestBatch.js';
import { MAX_BATCH_ITEMS } from '../events/ingestLimits.js';
import type { OutgoingBatch } from '../events/ndjsonBatch.js';

export type OutgoingItem = OutgoingBatch['items'][number];

/** Default budget per batch, in bytes of item text (well under the ingest's 32 MiB body limit). */
export const BATCH_BYTES = 4 * 1024 * 1024;

/** Roughly what an item weighs on the wire, in bytes (characters of its text, plus framing). */
export function itemBytes(item: OutgoingItem): number {
  if (item.kind === 'lineBytes') return item.bytes.length + 64;
  if (item.kind === 'encoded') return item.ndjson.length + 1;
  return item.kind === 'line' ? item.text.length + 64 : JSON.stringify(item.payload).length + 64;
}

export function toBatches<T extends OutgoingItem>(
  sessionId: string,
  context: SessionContext | undefined,
  items: readonly T[],
  maxBytes = BATCH_BYTES,
): { sessionId: string; context?: SessionContext; items: T[] }[] {
  const batches: { sessionId: string; context?: SessionContext; items: T[] }[] = [];
  let current: T[] = [];
  let bytes = 0;
  const push = () => batches.push(context ? { sessionId, context, items: current } : { sessionId, items: current });
  for (const item of items) {
    const size = itemBytes(item);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= MAX_BATCH_ITEMS)) {
      push();
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) push();
  return batches;
}
