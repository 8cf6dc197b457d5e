import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAssets, registerAssetRoutes } from './assetRoutes.js';

describe('asset routes', () => {
  const app = Fastify();
  afterEach(async () => app.close());

  it('serves the scripts of web/assets by exact name with an ETag, 304 when unchanged, 404 otherwise', async () => {
    const assets = loadAssets();
    expect(assets.has('ping.js')).toBe(true);
    registerAssetRoutes(app, assets);
    const ok = await app.inject({ url: '/assets/ping.js' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(ok.body).toContain("classList.add('js')");
    const again = await app.inject({ url: '/assets/ping.js', headers: { 'if-none-match': String(ok.headers.etag) } });
    expect(again.statusCode).toBe(304);
    for (const url of ['/assets/README.md', '/assets/..%2Fassets%2Fping.js', '/assets/nope.js', '/assets/__proto__']) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });
});
