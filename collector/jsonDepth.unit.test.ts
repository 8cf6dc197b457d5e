import { describe, expect, it } from 'vitest';
import { CUT_MARKER, cutDeeperThan, MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth.js';
import { prepareLine } from './transcriptItems.js';

const deep = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"s":"${'[{'.repeat(500)}\\"[["}`, 2)).toBe(false);
  });
  it('answers on 50,000 levels without recursion', () => {
    expect(nestsDeeperThan(deep(50_000))).toBe(true);
    expect(nestsDeeperThan(deep(MAX_JSON_DEPTH / 2))).toBe(false);
  });
});

describe('cutDeeperThan', () => {
  it('replaces what lies below the limit and keeps the rest, `__proto__` keys included', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"a":{"b":{"c":{"d":1}}},"n":[1,[2,[3]]]}') as unknown;
    const cut = cutDeeperThan(value, 3) as Record<string, unknown>;
    expect(Object.hasOwn(cut, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(cut)).toBe(Object.prototype);
    expect(JSON.stringify(cut)).toBe(`{"__proto__":{"x":1},"a":{"b":{"c":"${CUT_MARKER}"}},"n":[1,[2,"${CUT_MARKER}"]]}`);
  });
  it('makes a value nested 20,000 levels deep serialisable', () => {
    const text = deep(20_000);
    expect(() => JSON.stringify(JSON.parse(text))).toThrow(RangeError);
    expect(JSON.stringify(cutDeeperThan(JSON.parse(text))).length).toBeLessThan(2_000);
  });
});

describe('prepareLine', () => {
  it('ships a transcript line nested too deep with its deep values cut, and says why', () => {
    const line = `{"type":"user","uuid":"u1","toolUseResult":${deep(5_000)}}`;
    const { text, reason } = prepareLine(line);
    expect(reason).toMatch(/deeper than 128/);
    expect(JSON.parse(text!)).toMatchObject({ type: 'user', uuid: 'u1', kapTruncated: true });
  });
  it('leaves an ordinary line as it is (after redaction)', () => {
    expect(prepareLine('{"type":"user","x":[1,2]}')).toEqual({ text: '{"type":"user","x":[1,2]}' });
  });
});
