/**
 * Anthropic list prices, USD per million tokens (MTok): one table, one row per model id.
 *
 * Source: Anthropic's pricing page, https://docs.anthropic.com/en/docs/about-claude/pricing (now served at
 * https://platform.claude.com/docs/en/about-claude/pricing, "Model pricing"), and the model overview pages it
 * links to (https://platform.claude.com/docs/en/models/<model>/overview), read on PRICES_READ_ON.
 *
 * A model the table lacks has no price: `costOf` answers undefined and the summary names it in
 * `unpricedModels` ("price unknown"), never a guess from a look-alike name — a loose prefix is what sent
 * `claude-opus-4-8` to the old $15/$75 Opus price. Left out on purpose, for want of one clear public price:
 * `claude-sonnet-5-5` (its cache-read price was cut on 2026-10-07 and the sources read disagree),
 * `claude-haiku-5-5` (priced in two bands by each request's prompt length, which per-model totals cannot
 * tell), `claude-opus-5-5` (only input and output prices seen), Fable and Mythos (no model id seen).
 *
 * Not modelled (Kap's per-model totals cannot tell): the Batch API discount, the >200K-token long-context
 * rates of Sonnet 4 / 4.5, regional (US-only inference) multipliers, and the cache-write lifetime — every
 * cache write is priced at the 5-minute rate, since Kap's token counts do not yet keep Claude Code's
 * `usage.cache_creation.ephemeral_1h_input_tokens` apart (the 1-hour price is in the table for when they do).
 */
import type { TokenCounts } from './tokenCounts.js';

/** When the prices below were read from the source. */
export const PRICES_READ_ON = '2026-12-02';
export const PRICES_SOURCE = 'https://docs.anthropic.com/en/docs/about-claude/pricing';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cache writes with the default 5-minute lifetime. */
  cacheWrite5m: number;
  /** Cache writes with the 1-hour lifetime. */
  cacheWrite1h: number;
  /** Cache hits and refreshes. */
  cacheRead: number;
}

const p = (input: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number, output: number): ModelPrice =>
  Object.freeze({ input, output, cacheWrite5m, cacheWrite1h, cacheRead });

const OPUS_4_5_ON = p(5, 6.25, 10, 0.5, 25);
const OPUS_OLD = p(15, 18.75, 30, 1.5, 75);
const SONNET_3_TO_4_6 = p(3, 3.75, 6, 0.3, 15);

/**
 * Model id (the API's alias, as Claude Code writes it in `message.model`) → price, as the pricing page lists
 * it (columns: base input, 5m cache writes, 1h cache writes, cache hits, output). A Map: ids are data.
 */
const TABLE: ReadonlyMap<string, ModelPrice> = new Map([
  ['claude-opus-5', OPUS_4_5_ON],
  ['claude-opus-4-8', OPUS_4_5_ON],
  ['claude-opus-4-7', OPUS_4_5_ON],
  ['claude-opus-4-6', OPUS_4_5_ON],
  ['claude-opus-4-5', OPUS_4_5_ON],
  ['claude-opus-4-1', OPUS_OLD],
  ['claude-opus-4-0', OPUS_OLD],
  ['claude-opus-4', OPUS_OLD],
  ['claude-3-opus', OPUS_OLD],
  ['claude-sonnet-5', p(2, 2.5, 4, 0.2, 10)],
  ['claude-sonnet-4-6', SONNET_3_TO_4_6],
  ['claude-sonnet-4-5', SONNET_3_TO_4_6],
  ['claude-sonnet-4-0', SONNET_3_TO_4_6],
  ['claude-sonnet-4', SONNET_3_TO_4_6],
  ['claude-3-7-sonnet', SONNET_3_TO_4_6],
  ['claude-3-5-sonnet', SONNET_3_TO_4_6],
  ['claude-haiku-4-5', p(1, 1.25, 2, 0.1, 5)],
  ['claude-3-5-haiku', p(0.8, 1, 1.6, 0.08, 4)],
  ['claude-3-haiku', p(0.25, 0.3, 0.5, 0.03, 1.25)],
]);

/**
 * The price of a model id, or undefined when Kap does not know it. Matched exactly, or by Anthropic's
 * documented id forms (https://docs.anthropic.com/en/docs/about-models/overview): a dated snapshot
 * `<alias>-YYYYMMDD` (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`, `claude-sonnet-4-20250514` →
 * `claude-sonnet-4`) and the legacy `<alias>-latest`. Never by a shorter prefix: `claude-opus-4-8` is not
 * `claude-opus-4`.
 */
export function priceFor(model: string): ModelPrice | undefined {
  const exact = TABLE.get(model);
  if (exact) return exact;
  const alias = /^(claude-[a-z0-9-]+?)-(?:\d{8}|latest)$/.exec(model)?.[1];
  return alias === undefined ? undefined : TABLE.get(alias);
}

/** Cost in USD of token counts on one model (cache writes at the 5-minute rate); undefined for a model without a price. */
export function costOf(model: string, tokens: TokenCounts): number | undefined {
  const price = priceFor(model);
  if (!price) return undefined;
  return (tokens.input * price.input + tokens.output * price.output + tokens.cacheRead * price.cacheRead + tokens.cacheWrite * price.cacheWrite5m) / 1e6;
}

/** What tokens of several models cost: the USD of the priced ones, and the models (with tokens) whose price is unknown, sorted. */
export interface TokensCost {
  usd: number;
  unpricedModels: string[];
}

/** The cost of per-model token counts (entries of a summary's `tokens`), rounded to a millionth of a dollar. */
export function costOfTokens(tokens: Iterable<readonly [string, TokenCounts]>): TokensCost {
  let usd = 0;
  const unpriced: string[] = [];
  for (const [model, t] of tokens) {
    const cost = costOf(model, t);
    if (cost !== undefined) usd += cost;
    else if (t.input + t.output + t.cacheRead + t.cacheWrite > 0) unpriced.push(model);
  }
  return { usd: Math.round(usd * 1e6) / 1e6, unpricedModels: unpriced.sort() };
}
