/**
 * The web pages' scripts: `GET /assets/<name>.js`, plain ES modules from `web/assets/` (read once at start;
 * only the files there, by exact name). Pages load them under a strict Content-Security-Policy
 * (`SCRIPT_PAGE_CSP`: `script-src 'self'`, no inline script), so a script is only ever one of these files.
 * Pages work without them: they add navigation and live updates only.
 *
 * Answers: 200 with `cache-control: public, max-age=300` and a strong ETag (304 on `if-none-match`); 404 for
 * any other name.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/**
 * The policy of pages that load Kap's scripts: scripts and connections (server-sent events, fragments) to Kap
 * only, inline styles, images inline (SVG charts, data: URIs) or from Kap, forms to Kap only, never framed.
 */
export const SCRIPT_PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The assets folder: beside this module in the sources (tests), or the sources' from `dist/web/`. */
function assetsDir(): string {
  const here = fileURLToPath(new URL('./assets/', import.meta.url));
  return existsSync(here) ? here : fileURLToPath(new URL('../../web/assets/', import.meta.url));
}

interface Asset {
  body: Buffer;
  etag: string;
}

/** Every `*.js` file of the assets folder by name. */
export function loadAssets(dir = assetsDir()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.js')) continue;
    const body = readFileSync(`${dir}/${name}`);
    assets.set(name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

export function registerAssetRoutes(app: FastifyInstance, assets = loadAssets()): void {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    reply.header('etag', asset.etag).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(asset.body);
  });
}
