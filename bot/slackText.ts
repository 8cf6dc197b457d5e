/**
 * What a person typed, from Slack's wire text: Slack escapes `&`, `<`, `>` as entities and wraps links,
 * mentions and channels in its own markup (https://docs.slack.dev/messaging/formatting-message-text).
 * A prompt for Claude wants the plain text: links unwrapped (`label (url)` when labelled), channel links as
 * `#name`, user mentions kept as `<@U…>` (who is meant), entities decoded last.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url || url.endsWith(`:${label}`) ? label : `${label} (${url})`))
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
