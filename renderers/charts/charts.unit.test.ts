/**
 * The server-rendered charts: well-formed SVG (parsed by resvg, an XML parser that refuses broken markup,
 * and tags balanced), marks proportional to their values, names from the data (`__proto__`, `<script>`)
 * kept as text.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { barList } from './barList.js';
import { rateLine } from './rateLine.js';
import { stackedBars } from './stackedBars.js';

/** Throws when the markup is not well-formed SVG; checks that every element opened is closed in order. */
function expectWellFormed(svg: string): void {
  expect(() => new Resvg(svg).render()).not.toThrow();
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
}

/** The attributes of every element carrying `attribute`, as records. */
function marks(svg: string, attribute: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<(?:rect|circle)[^>]*${attribute}="[^"]*"[^>]*>`, 'g'))].map((m) => Object.fromEntries([...m[0].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

const EVIL = '<script>alert("x")</script>&';

describe('stacked bars', () => {
  const days = ['2026-12-01', '2026-12-02', '2026-12-03'];
  const data: Record<string, Map<string, number>> = {
    '2026-12-01': new Map([['__proto__', 100], [EVIL, 300]]),
    '2026-12-02': new Map([['__proto__', 400]]),
    '2026-12-03': new Map(),
  };
  const svg = stackedBars({ id: 'tokens', title: `Tokens ${EVIL}`, description: 'd', categories: days, series: ['__proto__', EVIL], value: (d, s) => data[d]!.get(s) ?? 0, format: String });

  it('is well-formed, with names from the data as text', () => {
    expectWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg).toContain('<title>2026-12-01 · __proto__: 100</title>');
  });

  it('draws one segment per non-zero value, heights proportional to values, stacked', () => {
    const segments = marks(svg, 'data-series');
    expect(segments.map((m) => [m['data-category'], m['data-series'], m['data-value']])).toEqual([
      ['2026-12-01', '__proto__', '100'],
      ['2026-12-02', '__proto__', '400'],
      ['2026-12-01', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;', '300'],
    ]);
    const height = (m: Record<string, string>) => Number(m.height);
    const [proto1, proto2, evil1] = segments as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(height(proto2) / height(proto1)).toBeCloseTo(4, 1);
    expect(height(evil1) / height(proto1)).toBeCloseTo(3, 1);
    // The second series sits on top of the first in the same bar.
    expect(Number(evil1.y) + height(evil1)).toBeCloseTo(Number(proto1.y), 1);
    expect(proto1.x).toBe(evil1.x);
  });

  it('draws nothing but the axes when every value is zero or not a number', () => {
    const empty = stackedBars({ id: 'e', title: 't', description: 'd', categories: days, series: ['a'], value: () => Number.NaN, format: String });
    expectWellFormed(empty);
    expect(marks(empty, 'data-series')).toEqual([]);
  });
});

describe('bar list', () => {
  it('draws bars proportional to values, with full names in tooltips', () => {
    const svg = barList({ id: 'people', title: 't', description: 'd', items: [{ label: '__proto__', value: 30 }, { label: EVIL, value: 10, text: 'price unknown' }, { label: 'zero', value: 0 }], format: (v) => `$${v}` });
    expectWellFormed(svg);
    const bars = marks(svg, 'data-label');
    expect(bars.map((b) => b['data-label'])).toEqual(['__proto__', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;', 'zero']);
    expect(Number(bars[0]!.width) / Number(bars[1]!.width)).toBeCloseTo(3, 1);
    expect(Number(bars[2]!.width)).toBe(0);
    expect(svg).toContain('price unknown');
    expect(svg).not.toContain('<script>');
  });
});

describe('rate line', () => {
  it('puts a point per day with a value, higher for a higher rate, and breaks the line where there is none', () => {
    const rates: Record<string, number | undefined> = { a: 0.25, b: undefined, c: 1 };
    const svg = rateLine({ id: 'cache', title: 't', description: 'd', categories: ['a', 'b', 'c'], value: (c) => rates[c], format: (r) => `${r * 100}%` });
    expectWellFormed(svg);
    const points = marks(svg, 'data-value');
    expect(points.map((p) => p['data-category'])).toEqual(['a', 'c']);
    expect(Number(points[1]!.cy)).toBeLessThan(Number(points[0]!.cy));
    // Two separate moves: the line is broken at b.
    expect(/ d="([^"]*)"/.exec(svg)?.[1]?.match(/M/g)?.length).toBe(2);
  });
});
