/** `--limit <n>` of `kap sessions`: a whole number from 1 to what the API lists at most, or commander's usage error. */
import { InvalidArgumentError } from 'commander';
import { MAX_SESSION_LIST_LIMIT, parseSessionListLimit } from '../ingest/sessionListQuery.js';

export function parseLimitOption(text: string): number {
  const limit = parseSessionListLimit(text.trim());
  if (limit === undefined) throw new InvalidArgumentError(`It must be a whole number from 1 to ${MAX_SESSION_LIST_LIMIT}.`);
  return limit;
}
