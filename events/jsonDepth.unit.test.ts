import { describe, expect, it } from 'vitest';
import { jsonTextTooDeep } from './jsonDepth.js';

/** The depth of a parsed value, recursively (fine for the small values here). */
const depthOf = (v: unknown): number => (typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);

describe('jsonTextTooDeep', () => {
  const samples = [
    '1',
    '"[[[["',
    '[]',
    '{"a":[1,{"b":{}}]}',
    '[[[[[[]]]]]]',
    '{"s":"\\"[[[[[[[[[[[[[[[[[[\\\\","t":[[["\\\\"]]]}',
    '[{"a":"}}}}}}}}"},[["x"]],{"b":{"c":{"d":{"e":[]}}}}]',
  ];
  it.each(samples)('agrees with the parsed depth of %s', (text) => {
    const depth = depthOf(JSON.parse(text));
    expect(jsonTextTooDeep(text, depth)).toBe(false);
    if (depth > 0) expect(jsonTextTooDeep(text, depth - 1)).toBe(true);
  });

  it('reads 100,000 brackets without recursing', () => {
    expect(jsonTextTooDeep('['.repeat(100_000), 256)).toBe(true);
    expect(jsonTextTooDeep(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 256)).toBe(true);
    expect(jsonTextTooDeep(`"${'['.repeat(100_000)}"`, 256)).toBe(false);
  });

  it('answers for text that is not JSON', () => {
    expect(jsonTextTooDeep('"never closed [[[[[[[[[[[[', 2)).toBe(false);
    expect(jsonTextTooDeep('[[[[[[ not json', 2)).toBe(true);
  });
});
