/**
 * The Slack app manifest for a Kap instance: `manifest.yml` (the repository's template, written for
 * `kap.example.com`) with the configured public host in `unfurl_domains` and the request URLs
 * (https://docs.slack.dev/reference/app-manifest). Socket Mode drops the request URLs, which Slack then ignores;
 * without a public host (Socket Mode only) the manifest also has no unfurl domain and no Sign in with Slack
 * redirect: Slack reaches Kap over the WebSocket, and there is no host whose links could unfurl.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

const TEMPLATE_HOST = 'kap.example.com';

/**
 * The manifest text for `publicUrl` (e.g. `https://kap.acme.dev`), or for no public host in Socket Mode
 * (`publicUrl` null). Throws a TypeError on a non-URL, and an Error for no public host without Socket Mode.
 */
export function slackManifest(templatePath: string, publicUrl: string | null, options: { socketMode?: boolean } = {}): string {
  // The template's comments explain the template; the printed manifest is for pasting.
  const body = readFileSync(templatePath, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n');
  if (publicUrl === null) {
    if (!options.socketMode) throw new Error('a manifest for Slack over HTTP needs Kap’s public URL (KAP_PUBLIC_URL)');
    const doc = parseDocument(body);
    doc.setIn(['settings', 'socket_mode_enabled'], true);
    doc.deleteIn(['features', 'unfurl_domains']);
    doc.deleteIn(['features', 'slash_commands', 0, 'url']);
    doc.deleteIn(['oauth_config', 'redirect_urls']);
    doc.deleteIn(['settings', 'event_subscriptions', 'request_url']);
    doc.deleteIn(['settings', 'interactivity', 'request_url']);
    return doc.toString();
  }
  const url = new URL(publicUrl);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const text = body.replaceAll(`https://${TEMPLATE_HOST}`, base).replaceAll(TEMPLATE_HOST, url.host);
  if (!options.socketMode) return text;
  const doc = parseDocument(text);
  doc.setIn(['settings', 'socket_mode_enabled'], true);
  return doc.toString();
}
