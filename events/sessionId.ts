/** Session ids: what the ingest stores and every route reads back. No zod here: the collector loads this on every drain. */
/**
 * The longest session id, in characters. The one limit on session ids: the ingest stores what `SessionId`
 * accepts and every route that takes an id (`/v1/sessions/:id`, `/v1/sessions/:id/link`, `/s/:id`,
 * `/cards/:id.png`) reads back exactly that and answers 400 to anything else.
 */
export const SESSION_ID_MAX_LENGTH = 128;

/**
 * Claude Code session ids are UUIDs; Kap takes any id made of letters, digits, `.`, `_` and `-` that starts
 * with a letter or digit: a stream-name suffix, a file name and a URL path segment as it is (no escaping,
 * no `..`, no `__proto__`), the same in every store.
 */
export const SESSION_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${SESSION_ID_MAX_LENGTH - 1}}$`);

/** Whether `SessionId` accepts the value (without zod). */
export function isSessionId(value: string): boolean {
  return SESSION_ID_PATTERN.test(value);
}
