import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchResponseUrls, isResponseUrl } from './responseUrl.js';

describe('response_url', () => {
  it('is Slack’s (https://hooks.slack.com) or on the configured Slack API origin, nothing else', () => {
    expect(isResponseUrl('https://hooks.slack.com/commands/T1/123/abc', undefined)).toBe(true);
    expect(isResponseUrl('http://127.0.0.1:4000/response/1', 'http://127.0.0.1:4000/api/')).toBe(true);
    for (const bad of [
      'http://hooks.slack.com/commands/T1/1/a',
      'https://hooks.slack.com.evil.example/x',
      'https://evil.example/?hooks.slack.com',
      'https://user@hooks.slack.com/x',
      'https://hooks.slack.com:8443/x',
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.1:4001/response/1',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(isResponseUrl(bad, 'http://127.0.0.1:4000/api/'), bad).toBe(false);
    }
  });

  it('posts { response_type: ephemeral, text } and refuses a URL that is not Slack’s without calling it', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        bodies.push({ path: req.url, type: req.headers['content-type'], body: JSON.parse(raw) });
        res.writeHead(req.url === '/gone' ? 404 : 200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const urls = fetchResponseUrls({ slackApiUrl: `${origin}/api/` });
      expect(await urls.reply(`${origin}/r1`, { text: 'invite me' })).toEqual({ ok: true });
      expect(bodies).toEqual([{ path: '/r1', type: 'application/json', body: { response_type: 'ephemeral', text: 'invite me' } }]);
      expect(await urls.reply(`${origin}/gone`, { text: 'x' })).toMatchObject({ ok: false, reason: 'SLACK_REFUSED' });
      expect(await fetchResponseUrls().reply(`${origin}/r2`, { text: 'x' })).toMatchObject({ ok: false, reason: 'URL_REFUSED' });
      expect(bodies).toHaveLength(2);
    } finally {
      server.close();
    }
  });
});
