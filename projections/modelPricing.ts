/**
 * Anthropic list prices in USD per million tokens (https://docs.anthropic.com/en/docs/about-claude/pricing,
 * as of 2026-11): input, output, cache read (0.1× input) and 5-minute cache write (1.25× input).
 * Matched by model-name family; an unknown model costs 0 and is reported by `priceFor` as undefined.
 */
import type { TokenCounts } from './tokenCounts.js';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const price = (input: number, output: number): ModelPrice => ({ input, output, cacheRead: input * 0.1, cacheWrite: input * 1.25 });

/** First match wins: more specific patterns come first. */
const TABLE: ReadonlyArray<readonly [RegExp, ModelPrice]> = [
  [/opus-4-(5|6|7)|opus-4\.(5|6|7)/, price(5, 25)],
  [/opus/, price(15, 75)],
  [/sonnet/, price(3, 15)],
  [/haiku-4|haiku-4\.5/, price(1, 5)],
  [/3-5-haiku|haiku-3-5|3\.5-haiku/, price(0.8, 4)],
  [/haiku/, price(0.25, 1.25)],
];

/** The price of a model by name, or undefined for a model Kap does not know. */
export function priceFor(model: string): ModelPrice | undefined {
  return TABLE.find(([pattern]) => pattern.test(model))?.[1];
}

/** Cost in USD of token counts on one model; 0 for an unknown model. */
export function costOf(model: string, tokens: TokenCounts): number {
  const p = priceFor(model);
  if (!p) return 0;
  return (tokens.input * p.input + tokens.output * p.output + tokens.cacheRead * p.cacheRead + tokens.cacheWrite * p.cacheWrite) / 1e6;
}
