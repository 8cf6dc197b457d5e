/**
 * Cuts a session's items into ingest batches under a byte budget and the item limit, keeping their order.
 */
import type { BatchItem, IngestBatch, SessionContext } from '../events/ingestBatch.js';
import { MAX_BATCH_ITEMS } from '../events/ingestBatch.js';

/** Default budget per batch, in bytes of item text (well under the ingest's 32 MiB body limit). */
export const BATCH_BYTES = 4 * 1024 * 1024;

/** Roughly what an item weighs on the wire, in bytes (characters of its text, plus framing). */
export function itemBytes(item: BatchItem): number {
  return item.kind === 'line' ? item.text.length + 64 : JSON.stringify(item.payload).length + 64;
}

export function toBatches(sessionId: string, context: SessionContext | undefined, items: readonly BatchItem[], maxBytes = BATCH_BYTES): IngestBatch[] {
  const batches: IngestBatch[] = [];
  let current: BatchItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = itemBytes(item);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= MAX_BATCH_ITEMS)) {
      batches.push(batch(sessionId, context, current));
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(batch(sessionId, context, current));
  return batches;
}

function batch(sessionId: string, context: SessionContext | undefined, items: BatchItem[]): IngestBatch {
  return context ? { sessionId, context, items } : { sessionId, items };
}
