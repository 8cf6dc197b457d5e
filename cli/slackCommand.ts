/** `kap slack manifest`: the Slack app manifest with this Kap's public host. */
import { fileURLToPath } from 'node:url';
import { slackManifest } from '../bot/slackManifest.js';
import type { KapConfig } from '../config/kapConfig.js';

/** `manifest.yml` at the repository root, seen from `dist/cli/` or `cli/`. */
const TEMPLATE = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../manifest.yml' : '../manifest.yml', import.meta.url));

/** Socket Mode needs no public host (Slack talks over the WebSocket); then links do not unfurl, which stderr says. */
export async function manifestCommand(config: Readonly<KapConfig>, options: { socketMode?: boolean }): Promise<void> {
  if (!config.publicUrl && !options.socketMode) {
    throw new Error('set KAP_PUBLIC_URL to the https URL Slack reaches Kap at (e.g. https://kap.acme.dev), then run this again; or use --socket-mode when Kap has no public host');
  }
  if (!config.publicUrl) process.stderr.write('kap: no KAP_PUBLIC_URL: the manifest has no unfurl domain (session links will not unfurl) and no Sign in with Slack redirect\n');
  process.stdout.write(slackManifest(TEMPLATE, config.publicUrl ?? null, options));
}
