/**
 * Putting untrusted text (prompts, paths, branch and tool names) into Slack mrkdwn.
 *
 * Slack's escaping rule (https://api.slack.com/reference/surfaces/formatting#escaping): `&`, `<` and `>`
 * are control characters and must become `&amp;`, `&lt;`, `&gt;` when not used as markup — otherwise
 * `<!channel>` or `<https://x|y>` in a prompt would ping or link. Slack has no escape for the formatting
 * characters `*`, `_`, `~` and `` ` ``, so literal text swaps them for look-alikes (the replacements
 * jsx-slack documents, docs/about-escape-and-exact-mode.md); inside a code span only the backtick needs it.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` (Slack's three control characters), nothing else. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

const LOOK_ALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
};

/** Text shown as written inside mrkdwn: escaped, and no formatting character can pair up. */
export function literalMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/[*_~`]/g, (c) => LOOK_ALIKES[c] ?? c);
}

/** The inside of a code span: escaped, newlines flattened, backticks (which would close it) swapped. */
export function codeMrkdwn(text: string): string {
  return escapeMrkdwn(text.replace(/[\r\n]+/g, ' ')).replace(/`/g, LOOK_ALIKES['`']!);
}

/** `` `text` `` as inline code, or `''` for empty text (Slack shows two stray backticks otherwise). */
export function codeSpan(text: string): string {
  const inner = codeMrkdwn(text);
  return inner.trim() === '' ? '' : `\`${inner}\``;
}

/**
 * `<url|label>`: the label must already be mrkdwn-safe (literalMrkdwn). The URL is escaped too, and a
 * `|` in it (which would end the URL early) is percent-encoded.
 */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${label}>`;
}
