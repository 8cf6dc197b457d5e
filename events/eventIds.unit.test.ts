import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configure } from 'safe-stable-stringify';
import { v5, validate } from 'uuid';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../test/support/corpus.js';
import { readRecords } from '../test/support/rawTranscriptCount.js';
import { canonical, contentId, transcriptLineId } from './eventIds.js';

const reference = configure({ deterministic: true, bigint: false, circularValue: Error });

/** A random JSON value: unicode and escape-needing strings, lone surrogates, integer-like keys, nesting. */
function randomJson(random: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const text = () => Array.from({ length: Math.floor(random() * 8) }, () => pick(['a', 'Z', 'é', '"', '\\', '\n', '\u0001', '\ud800', '😀', '10', '9', ' ', '\u2028'])).join('');
  const kind = depth > 4 ? Math.floor(random() * 4) : Math.floor(random() * 6);
  if (kind === 0) return text();
  if (kind === 1) return pick([0, -0, 1.5, -3, 1e21, 2 ** 53, 1e-7, 123456789]);
  if (kind === 2) return pick([true, false]);
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick([text(), '10', '2', '__proto__', 'length', 'toJSON']), randomJson(random, depth + 1)]));
}

describe('event ids', () => {
  it('are RFC 9562 UUIDv5 (same as the uuid package computes)', () => {
    const value = { b: 1, a: ['é', { z: null }] };
    expect(contentId(value, 'k')).toBe(v5(`${canonical(value)}\u0000k`, '6d0c3e8c-3b5e-4c51-9a43-7a3c2f0f8b11'));
  });
  it('do not depend on key order, and do depend on the discriminator', () => {
    expect(contentId({ a: 1, b: 2 })).toBe(contentId({ b: 2, a: 1 }));
    expect(contentId({ a: 1 }, 'x')).not.toBe(contentId({ a: 1 }, 'y'));
  });
  it("keep a transcript line's own uuid, and place uuid-less lines by file and offset", () => {
    expect(transcriptLineId({ uuid: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' }, 'main', 0)).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const line: { type: string; uuid?: string } = { type: 'file-history-snapshot' };
    expect(transcriptLineId(line, 'main', 10)).not.toBe(transcriptLineId(line, 'main', 20));
    expect(transcriptLineId(line, 'main', 10)).toBe(transcriptLineId({ ...line }, 'main', 10));
  });

  it('hash the same canonical text as safe-stable-stringify, so ids never move', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const value = JSON.parse(JSON.stringify(randomJson(random)) ?? 'null') as unknown;
      expect(canonical(value)).toBe(reference(value));
    }
    const walk = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => walk(join(path, n))) : [path]);
    for (const path of walk(corpusDir()).filter((p) => /\.jsonl?$/.test(p))) {
      for (const record of readRecords(path) ?? []) expect(canonical(record)).toBe(reference(record));
    }
    // Not plain JSON data: safe-stable-stringify decides.
    const odd = { b: undefined, a: new Date(0), c: [undefined, () => 1], d: { toJSON: () => 'x' } };
    expect(canonical(odd)).toBe(reference(odd));
  });

  it('take a line uuid exactly when the uuid package calls it one', () => {
    for (const id of ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', '00000000-0000-0000-0000-000000000000', '3f2504e0-4f89-01d3-9a0c-0305e82c3301', 'not-a-uuid', '']) {
      const kept = transcriptLineId({ uuid: id }, 'main', 0) === id.toLowerCase();
      expect(kept, id).toBe(validate(id));
    }
  });
});

describe('canonical JSON of deeply nested data (issue #10)', () => {
  const deepArray = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;
  const deepObject = (depth: number) => JSON.parse(`${'{"b":[2],"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`) as unknown;

  it('writes 100,000 levels without overflowing the stack', () => {
    expect(canonical(deepArray(100_000))).toBe(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
    expect(canonical(deepObject(100_000))).toBe(`${'{"a":'.repeat(100_000)}"x"${',"b":[2]}'.repeat(100_000)}`);
    expect(() => contentId({ deep: deepArray(100_000) }, 'k')).not.toThrow();
  });

  it('gives the same text as safe-stable-stringify past the recursion limit', () => {
    for (const value of [deepArray(2_000), deepObject(1_500), { x: [deepObject(1_200), { z: deepArray(1_100), y: null }] }]) {
      expect(canonical(value)).toBe(reference(value));
    }
  });

  it('cuts other values that deep instead of throwing', () => {
    let value: unknown = new Date(0);
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(() => canonical(value)).not.toThrow();
  });
});
