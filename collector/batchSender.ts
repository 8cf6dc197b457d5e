/**
 * Sends a stream of per-session items as ingest batches: items of a session accumulate (across files),
 * batches of one session go one after another (their order is the stream's order), and batches of
 * different sessions overlap, up to `maxInFlight` requests, so the ingest works while the sender reads on.
 *
 * When to send: a session's items go once they fill a batch (or a quarter of one while the session has
 * nothing on its way, or `eagerBytes` when its previous batch just came back), or as soon as fewer than
 * `eagerBelow` batches are on their way (the largest waiting session first, once it holds `eagerBytes`). So the ingest starts on the
 * first items rather than after the first full batch, never waits while the sender holds items, and while it
 * is busy the next batch grows: batches are as large as the ingest's pace makes them. `add` waits while
 * `maxAheadBytes` are already on their way (read-ahead: the sender prepares what the ingest will take next).
 */
import type { OutgoingBatch } from '../events/ndjsonBatch.js';
import type { OutgoingItem } from './batching.js';
import { BATCH_BYTES, itemBytes, toBatches } from './batching.js';
import type { PostOutcome } from './ingestClient.js';

export interface BatchSenderOptions {
  send: (batch: OutgoingBatch) => Promise<PostOutcome>;
  /** Called with each batch's outcome, in each session's order; the session's next batch waits for it. */
  onOutcome: (batch: OutgoingBatch, outcome: PostOutcome) => void | Promise<void>;
  /** Requests in flight at once, across sessions. Default 3. */
  maxInFlight?: number;
  /** Bytes held across sessions before everything pending is sent. Default 32 MiB. */
  maxPendingBytes?: number;
  /** Bytes of batches on their way (sent or queued) before `add` waits. Default 32 MiB. */
  maxAheadBytes?: number;
  /** A session's items go without filling a batch once this many bytes wait… Default 64 KiB. */
  eagerBytes?: number;
  /** …and fewer batches than this are on their way. Default 2: one being stored, one ready behind it. */
  eagerBelow?: number;
}

export interface BatchSender {
  add(sessionId: string, items: OutgoingItem | readonly OutgoingItem[]): Promise<void>;
  /** Sends what is pending and waits for every request. */
  close(): Promise<void>;
}

export function createBatchSender(options: BatchSenderOptions): BatchSender {
  const maxInFlight = options.maxInFlight ?? 3;
  const maxPendingBytes = options.maxPendingBytes ?? 32 * 1024 * 1024;
  const maxAheadBytes = options.maxAheadBytes ?? 32 * 1024 * 1024;
  const eagerBytes = options.eagerBytes ?? 64 * 1024;
  const eagerBelow = options.eagerBelow ?? 2;
  const pending = new Map<string, { items: OutgoingItem[]; bytes: number }>();
  /** Each session's last scheduled batch, until it settles: the next one starts after it. */
  const chains = new Map<string, Promise<void>>();
  let pendingBytes = 0;
  /** Batches scheduled and not settled, and their bytes; requests on the wire. */
  let scheduled = 0;
  let scheduledBytes = 0;
  let inFlight = 0;
  const slotWaiters: (() => void)[] = [];
  const settleWaiters: (() => void)[] = [];

  const acquireSlot = (): Promise<void> | void => {
    if (inFlight < maxInFlight) {
      inFlight += 1;
      return;
    }
    return new Promise((resolve) => slotWaiters.push(resolve));
  };
  const releaseSlot = () => {
    const next = slotWaiters.shift();
    if (next) next();
    else inFlight -= 1;
  };

  /** Takes a session's pending items and queues them as batches behind the session's earlier ones. */
  function schedule(sessionId: string): void {
    const group = pending.get(sessionId);
    if (!group) return;
    pending.delete(sessionId);
    pendingBytes -= group.bytes;
    for (const batch of toBatches(sessionId, undefined, group.items)) {
      const bytes = batch.items.reduce((sum, item) => sum + itemBytes(item), 0);
      scheduled += 1;
      scheduledBytes += bytes;
      const chain: Promise<void> = (chains.get(sessionId) ?? Promise.resolve())
        .then(acquireSlot)
        .then(async () => {
          let outcome: PostOutcome;
          try {
            outcome = await options.send(batch);
          } finally {
            releaseSlot();
          }
          await options.onOutcome(batch, outcome);
        })
        .finally(() => {
          scheduled -= 1;
          scheduledBytes -= bytes;
          if (chains.get(sessionId) === chain) {
            chains.delete(sessionId);
            // A session's batches go one at a time: keep its chain moving while it has items waiting.
            if ((pending.get(sessionId)?.bytes ?? 0) >= eagerBytes) schedule(sessionId);
          }
          for (const wake of settleWaiters.splice(0)) wake();
          sendEagerly();
        });
      chains.set(sessionId, chain);
    }
  }

  /** While the ingest has room, sends the largest waiting session that has nothing on its way. */
  function sendEagerly(): void {
    while (scheduled < eagerBelow) {
      let best: string | undefined;
      let bestBytes = eagerBytes - 1;
      for (const [sessionId, group] of pending) {
        if (group.bytes > bestBytes && !chains.has(sessionId)) {
          best = sessionId;
          bestBytes = group.bytes;
        }
      }
      if (best === undefined) return;
      schedule(best);
    }
  }

  return {
    async add(sessionId, items) {
      let group = pending.get(sessionId);
      if (!group) pending.set(sessionId, (group = { items: [], bytes: 0 }));
      for (const item of Array.isArray(items) ? (items as readonly OutgoingItem[]) : [items as OutgoingItem]) {
        const size = itemBytes(item);
        group.items.push(item);
        group.bytes += size;
        pendingBytes += size;
      }
      if (group.bytes >= BATCH_BYTES || (group.bytes >= BATCH_BYTES / 4 && !chains.has(sessionId))) schedule(sessionId);
      if (pendingBytes > maxPendingBytes) for (const id of [...pending.keys()]) schedule(id);
      sendEagerly();
      while (scheduledBytes >= maxAheadBytes) await new Promise<void>((resolve) => settleWaiters.push(resolve));
    },
    async close() {
      for (const id of [...pending.keys()]) schedule(id);
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
