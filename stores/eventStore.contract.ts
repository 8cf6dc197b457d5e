/**
 * The EventStore contract suite: every adapter runs these same tests (embedded SQLite always, KurrentDB
 * whenever KURRENTDB_URL is set). Stream names are unique per test (`t-<uuid>-…`) so the suite can run
 * against a shared server whose `$all` already holds other events.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent } from './eventStore.js';
import { comparePositions } from './eventStore.js';

export function describeEventStoreContract(name: string, open: () => Promise<EventStore> | EventStore): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    const prefix = () => `t-${randomUUID()}-`;
    const ev = (type: string, n: number, id = randomUUID()): NewEvent => ({ id, type, data: { n, text: `é ✓ ${n}` }, metadata: { source: 'test' } });
    const collect = async (it: AsyncIterable<RecordedEvent>) => {
      const out: RecordedEvent[] = [];
      for await (const e of it) out.push(e);
      return out;
    };

    it('knows the position of the last event in the log', async () => {
      const stream = `${prefix()}last`;
      await store.append(stream, [ev('A', 1), ev('B', 2)]);
      const [, last] = await collect(store.readStream(stream));
      const position = await store.lastPosition();
      expect(position).toBeDefined();
      // Other writers (a shared server's system events) may have written after it, never before.
      expect(comparePositions(position!, last!.position)).toBeGreaterThanOrEqual(0);
    });

    it('appends to a new stream and reads it back in order, data and metadata intact', async () => {
      const stream = `${prefix()}s`;
      const events = [ev('A', 1), ev('B', 2), ev('C', 3)];
      const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
      expect(result).toEqual({ ok: true, nextExpectedRevision: 2n, appended: 3 });
      const read = await collect(store.readStream(stream));
      expect(read.map((e) => [e.id, e.type, e.revision, e.streamName])).toEqual(events.map((e, i) => [e.id, e.type, BigInt(i), stream]));
      expect(read[0]!.data).toEqual({ n: 1, text: 'é ✓ 1' });
      expect(read[0]!.metadata).toEqual({ source: 'test' });
      expect(read[0]!.created).toBeInstanceOf(Date);
    });

    it('returns a conflict for a wrong expected revision and writes nothing', async () => {
      const stream = `${prefix()}s`;
      await store.append(stream, [ev('A', 1), ev('B', 2)]);
      const stale = await store.append(stream, [ev('C', 3)], { expectedRevision: 0n });
      expect(stale).toEqual({ ok: false, reason: 'WRONG_EXPECTED_REVISION', actualRevision: 1n });
      const exists = await store.append(stream, [ev('C', 3)], { expectedRevision: 'no_stream' });
      expect(exists).toMatchObject({ ok: false, actualRevision: 1n });
      const missing = await store.append(`${prefix()}missing`, [ev('C', 3)], { expectedRevision: 'stream_exists' });
      expect(missing).toEqual({ ok: false, reason: 'WRONG_EXPECTED_REVISION', actualRevision: 'no_stream' });
      expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B']);
      const right = await store.append(stream, [ev('C', 3)], { expectedRevision: 1n });
      expect(right).toEqual({ ok: true, nextExpectedRevision: 2n, appended: 1 });
    });

    it('lets exactly one of two appenders expecting the same revision win', async () => {
      const stream = `${prefix()}s`;
      await store.append(stream, [ev('A', 1)]);
      const results = await Promise.all([
        store.append(stream, [ev('B', 2)], { expectedRevision: 0n }),
        store.append(stream, [ev('B', 3)], { expectedRevision: 0n }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toHaveLength(1);
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it('skips events whose id is already in the stream (idempotent re-append)', async () => {
      const stream = `${prefix()}s`;
      const first = [ev('A', 1), ev('B', 2)];
      await store.append(stream, first);
      const again = await store.append(stream, first, { expectedRevision: 'no_stream' });
      expect(again).toEqual({ ok: true, nextExpectedRevision: 1n, appended: 0 });
      const fresh = ev('C', 3);
      const mixed = await store.append(stream, [first[1]!, fresh, fresh]);
      expect(mixed).toEqual({ ok: true, nextExpectedRevision: 2n, appended: 1 });
      expect((await collect(store.readStream(stream))).map((e) => e.id)).toEqual([first[0]!.id, first[1]!.id, fresh.id]);
    });

    it('reads a stream from a revision, with a maximum count; an unknown stream yields nothing', async () => {
      const stream = `${prefix()}s`;
      await store.append(stream, Array.from({ length: 10 }, (_, i) => ev('E', i)));
      const tail = await collect(store.readStream(stream, { fromRevision: 7n }));
      expect(tail.map((e) => e.data.n)).toEqual([7, 8, 9]);
      const window = await collect(store.readStream(stream, { fromRevision: 2n, maxCount: 3 }));
      expect(window.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
      expect(await collect(store.readStream(`${prefix()}nothing`))).toEqual([]);
    });

    it('reads all streams from a checkpoint in append order, filtered by stream prefix', async () => {
      const p = prefix();
      await store.append(`${p}a`, [ev('A', 1)]);
      await store.append(`${p}b`, [ev('B', 2)]);
      await store.append(`${p}a`, [ev('A', 3)]);
      await store.append(`other-${p}`, [ev('X', 0)]);
      await store.append(`${p}b`, [ev('B', 4)]);
      const all = await collect(store.readAll({ streamNamePrefix: p }));
      expect(all.map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
      const afterSecond = await collect(store.readAll({ streamNamePrefix: p, after: all[1]!.position }));
      expect(afterSecond.map((e) => e.data.n)).toEqual([3, 4]);
      const limited = await collect(store.readAll({ streamNamePrefix: p, maxCount: 2 }));
      expect(limited.map((e) => e.data.n)).toEqual([1, 2]);
    });

    it('subscribes to all from a checkpoint: stored events first, then new ones as they land', async () => {
      const p = prefix();
      await store.append(`${p}a`, [ev('A', 1), ev('A', 2)]);
      const [first] = await collect(store.readAll({ streamNamePrefix: p, maxCount: 1 }));
      const subscription = store.subscribeToAll({ streamNamePrefix: p, after: first!.position });
      const seen: number[] = [];
      const done = (async () => {
        for await (const e of subscription) {
          seen.push(e.data.n as number);
          if (seen.length === 3) break;
        }
      })();
      await store.append(`other-${p}`, [ev('X', 0)]);
      await store.append(`${p}b`, [ev('B', 3)]);
      await store.append(`${p}a`, [ev('A', 4)]);
      await done;
      await subscription.close();
      expect(seen).toEqual([2, 3, 4]);
    });

    it('ends a subscription on close', async () => {
      const subscription = store.subscribeToAll({ streamNamePrefix: prefix() });
      const ended = (async () => {
        let count = 0;
        for await (const _ of subscription) count += 1;
        return count;
      })();
      await new Promise((r) => setTimeout(r, 50));
      await subscription.close();
      expect(await ended).toBe(0);
    });
  });
}
