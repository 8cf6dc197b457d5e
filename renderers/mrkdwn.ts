/**
 * Putting text into Slack mrkdwn.
 *
 * Slack's escaping rule (https://docs.slack.dev/messaging/formatting-message-text#escaping): `&`, `<` and `>`
 * are control characters and must become `&amp;`, `&lt;`, `&gt;` when not used as markup; nothing else is
 * escaped. With those three escaped, no text can form a mention or a link (`<!channel>`, `<@U…>`,
 * `<https://x|y>`): every one of them needs a literal `<`. Formatting characters (`*`, `_`, `~`, `` ` ``) are
 * left as written, so commands and paths stay code and copyable: text is never swapped for look-alikes.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` (Slack's three control characters), nothing else. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** User text (prompts, paths, branch, tool and people's names) in mrkdwn: the three entities, nothing else. */
export function literalMrkdwn(text: string): string {
  return escapeMrkdwn(text);
}

/** Fenced blocks and inline code spans, as Markdown writes them (kept as they are: Slack writes code the same way). */
const CODE = /(```[\s\S]*?```|`[^`\n]+`)/;

/**
 * Markdown written by the model (a recap, an agent's answer) as mrkdwn: escaped like user text, code spans
 * and fenced blocks kept as code, and Markdown's `**bold**` made Slack's `*bold*` outside code. Takes text not
 * yet escaped; `escaped: true` when it already is (e.g. after `clip(…, escapeMrkdwn)`).
 */
export function markdownMrkdwn(text: string, options: { escaped?: boolean } = {}): string {
  const safe = options.escaped ? text : escapeMrkdwn(text);
  return safe
    .split(CODE)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*\*(?=\S)([^*\n]+?)\*\*/g, '*$1*')))
    .join('');
}

/**
 * The inside of a code span: escaped, newlines flattened. Slack has no escape for a backtick inside a code span,
 * so one there (which would close it) is the only character still swapped, for ˋ: prefer `codeSpan`, which
 * shows such text as plain text instead.
 */
export function codeMrkdwn(text: string): string {
  return escapeMrkdwn(text.replace(/[\r\n]+/g, ' ')).replace(/`/g, '\u02cb');
}

/**
 * `` `text` `` as inline code, or `''` for empty text (Slack shows two stray backticks otherwise). Text with a
 * backtick cannot be a code span: it is shown as plain escaped text, exactly as written.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  if (flat.trim() === '') return '';
  return flat.includes('`') ? escapeMrkdwn(flat) : `\`${escapeMrkdwn(flat)}\``;
}

/**
 * `<url|label>`: the label must already be mrkdwn-safe (escapeMrkdwn). The URL is escaped too, and a
 * `|` in it (which would end the URL early) is percent-encoded.
 */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${label}>`;
}
