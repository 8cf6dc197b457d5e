import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { Reader } from './sessionAccess.js';
import { readableSummaries } from './readableSummaries.js';

const summaries = Array.from({ length: 130 }, (_, i) => ({ ...initialSessionState(`s-${i}`).summary }));
const reader: Reader = { kind: 'person', userId: 'U1' };
/** Readable: every third session; records what each call was asked with. */
const asked: Array<readonly Reader[]> = [];
const gate = { allows: async (summary: { sessionId: string }, readers: readonly Reader[]) => (asked.push(readers), Number(summary.sessionId.slice(2)) % 3 === 0) };

describe('readableSummaries', () => {
  it('keeps what the gate allows for the readers, in order, across batches', async () => {
    const kept = await readableSummaries(gate, summaries, [reader, { kind: 'channel', channel: 'C1' }]);
    expect(kept.map((s) => s.sessionId)).toEqual(summaries.filter((_, i) => i % 3 === 0).map((s) => s.sessionId));
    expect(asked.at(-1)).toEqual([reader, { kind: 'channel', channel: 'C1' }]);
  });

  it('stops at the limit and asks no more batches than it needs', async () => {
    asked.length = 0;
    const kept = await readableSummaries(gate, summaries, [reader], 5);
    expect(kept.map((s) => s.sessionId)).toEqual(['s-0', 's-3', 's-6', 's-9', 's-12']);
    expect(asked.length).toBe(50);
  });

  it('without a gate keeps every summary (up to the limit)', async () => {
    expect(await readableSummaries(undefined, summaries, [reader], 2)).toEqual(summaries.slice(0, 2));
  });
});
