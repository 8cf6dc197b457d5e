import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../events/ingestBatch.js';
import type { OutgoingBatch } from '../events/ndjsonBatch.js';
import { BATCH_BYTES } from './batching.js';
import { createBatchSender } from './batchSender.js';

const line = (n: number, size = 10): BatchItem => ({ kind: 'line', file: 'main', offset: n, text: `{"n":${n},"pad":"${'x'.repeat(size)}"}` });

describe('batch sender', () => {
  it("keeps each session's batches in order, overlaps sessions, and bounds requests in flight", async () => {
    const started: string[] = [];
    let inFlight = 0;
    let maxSeen = 0;
    const outcomes: string[] = [];
    const sender = createBatchSender({
      maxInFlight: 2,
      send: async (batch: OutgoingBatch) => {
        inFlight += 1;
        maxSeen = Math.max(maxSeen, inFlight);
        started.push(`${batch.sessionId}:${(batch.items[0] as { offset: number }).offset}`);
        await new Promise((r) => setTimeout(r, batch.sessionId === 'a' ? 20 : 5));
        inFlight -= 1;
        return { ok: true, appended: batch.items.length, skipped: 0 };
      },
      onOutcome: (batch) => {
        outcomes.push(`${batch.sessionId}:${(batch.items[0] as { offset: number }).offset}`);
      },
    });
    const big = Math.ceil(BATCH_BYTES / 2) + 10;
    for (let n = 0; n < 6; n++) await sender.add('a', line(n, big));
    for (let n = 0; n < 4; n++) await sender.add('b', line(100 + n, big));
    await sender.add('c', line(200));
    await sender.close();
    const order = (session: string) => outcomes.filter((o) => o.startsWith(`${session}:`));
    // Each item is over half a batch, so each travels alone.
    expect(order('a')).toEqual(['a:0', 'a:1', 'a:2', 'a:3', 'a:4', 'a:5']);
    expect(order('b')).toEqual(['b:100', 'b:101', 'b:102', 'b:103']);
    expect(order('c')).toEqual(['c:200']);
    // One session never has two requests at once, so two in flight means sessions overlapped.
    expect(maxSeen).toBe(2);
    expect(started).toHaveLength(11);
  });
});
