/**
 * The Slack app manifest for a Kap instance: `manifest.yml` (the repository's template, written for
 * `kap.example.com`) with the configured public host in `unfurl_domains` and the request URLs
 * (https://docs.slack.dev/reference/app-manifest). Socket Mode drops the request URLs, which Slack then ignores.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

const TEMPLATE_HOST = 'kap.example.com';

/** The manifest text for `publicUrl` (e.g. `https://kap.acme.dev`). Throws a TypeError on a non-URL. */
export function slackManifest(templatePath: string, publicUrl: string, options: { socketMode?: boolean } = {}): string {
  const url = new URL(publicUrl);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  // The template's comments explain the template; the printed manifest is for pasting.
  const body = readFileSync(templatePath, 'utf8').split('\n').filter((line) => !line.startsWith('#')).join('\n');
  const text = body.replaceAll(`https://${TEMPLATE_HOST}`, base).replaceAll(TEMPLATE_HOST, url.host);
  if (!options.socketMode) return text;
  const doc = parseDocument(text);
  doc.setIn(['settings', 'socket_mode_enabled'], true);
  return doc.toString();
}
