/** Token counts of one model, in tokens (Anthropic Messages API usage, renamed). */
export interface TokenCounts {
  /** `input_tokens` */
  input: number;
  /** `output_tokens` */
  output: number;
  /** `cache_read_input_tokens` */
  cacheRead: number;
  /** `cache_creation_input_tokens` */
  cacheWrite: number;
}

/** No tokens. */
export const NO_TOKENS: Readonly<TokenCounts> = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

/**
 * Adds (`sign` 1) or takes back (`sign` -1) one message's counts to a model's total in `tokens`. Folds count
 * each assistant `message.id` once with its last usage: take back what an earlier line of the same message
 * added, then add the new line's (sessionSummary.ts, sessionTimeline.ts).
 */
export function addTokens(tokens: Map<string, TokenCounts>, model: string, t: TokenCounts, sign: 1 | -1): void {
  const current = tokens.get(model) ?? NO_TOKENS;
  tokens.set(model, {
    input: current.input + sign * t.input,
    output: current.output + sign * t.output,
    cacheRead: current.cacheRead + sign * t.cacheRead,
    cacheWrite: current.cacheWrite + sign * t.cacheWrite,
  });
}
