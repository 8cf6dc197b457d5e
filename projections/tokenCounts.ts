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
