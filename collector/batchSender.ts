/**
 * Sends a stream of per-session items as ingest batches: items of a session accumulate (across files) until
 * they fill a batch, batches of one session go one after another (their order is the stream's order), and
 * batches of different sessions overlap, up to `maxInFlight` requests, so the ingest works while the sender
 * reads on. `add` waits while the session's previous batch is still in flight.
 */
import type { BatchItem, IngestBatch } from '../events/ingestBatch.js';
import { BATCH_BYTES, itemBytes, toBatches } from './batching.js';
import type { PostOutcome } from './ingestClient.js';

export interface BatchSenderOptions {
  send: (batch: IngestBatch) => Promise<PostOutcome>;
  /** Called with each batch's outcome, in each session's order. */
  onOutcome: (batch: IngestBatch, outcome: PostOutcome) => void;
  /** Requests in flight at once, across sessions. Default 3. */
  maxInFlight?: number;
  /** Bytes held across sessions before everything pending is sent. Default 64 MiB. */
  maxPendingBytes?: number;
}

export interface BatchSender {
  add(sessionId: string, item: BatchItem): Promise<void>;
  /** Sends what is pending and waits for every request. */
  close(): Promise<void>;
}

export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const maxInFlight = options.maxInFlight ?? 3;
  const maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
  const pending = new Map<string, { items: BatchItem[]; bytes: number }>();
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let pendingBytes = 0;

  async function flush(sessionId: string): Promise<void> {
    const group = pending.get(sessionId);
    if (!group) return;
    pending.delete(sessionId);
    pendingBytes -= group.bytes;
    for (const batch of toBatches(sessionId, undefined, group.items)) {
      await tails.get(sessionId); // this session's previous batch is stored first
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const request = (async () => options.onOutcome(batch, await options.send(batch)))();
      const tracked: Promise<void> = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      tails.set(sessionId, tracked);
    }
  }

  return {
    async add(sessionId, item) {
      const size = itemBytes(item);
      let group = pending.get(sessionId);
      if (!group) pending.set(sessionId, (group = { items: [], bytes: 0 }));
      group.items.push(item);
      group.bytes += size;
      pendingBytes += size;
      if (group.bytes >= BATCH_BYTES) await flush(sessionId);
      if (pendingBytes > maxPendingBytes) for (const id of [...pending.keys()]) await flush(id);
    },
    async close() {
      for (const id of [...pending.keys()]) await flush(id);
      await Promise.all([...tails.values()]);
    },
  };
}
