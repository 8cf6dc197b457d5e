/**
 * Bounds for free text that a summary copies out of session data (a prompt, a title, a waiting reason, a
 * path, a tool or model name): one line of a transcript may hold a whole file, and a summary is read whole by
 * every card, list and page. A longer text is cut and ends with `…`, so a reader can tell it was cut.
 */

/** Longest free text a session summary keeps, in characters (UTF-16 code units), the ellipsis included. */
export const MAX_SUMMARY_TEXT = 2000;

/** `text` if it fits `max` characters, else its first `max - 1` characters and `…` (no surrogate pair split). */
export function boundText(text: string, max = MAX_SUMMARY_TEXT): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** `boundText` for a value that may be absent. */
export function boundNullable(text: string | null): string | null {
  return text === null ? null : boundText(text);
}
