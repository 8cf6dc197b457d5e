/**
 * The session page's routes on a running Kap (no Slack, the embedded default): turn fragments, live events,
 * the files and tool-output pages answer exactly as the page does (this machine reads; from elsewhere a
 * signed link, and the same link's exp/sig open the sub-routes; 400 / 403 / 404 otherwise), and live events
 * tell a reader when a turn is appended through the ingest.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTurn } from '../test/support/appendTurn.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const ELSEWHERE = { 'x-forwarded-for': '203.0.113.9' };

let kap: KapUnderTest;
let sessionId: string;

beforeAll(async () => {
  kap = await startKapForTest();
  const batch = syntheticSessionBatch();
  const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(r.status).toBe(200);
  sessionId = batch.sessionId;
  await kap.settled([sessionId]);
}, 60_000);
afterAll(() => kap?.close());

/** The events of an event stream as they come, until `until` holds for one. */
async function readEvents(response: Response, until: (event: { event: string; data: unknown }) => boolean): Promise<Array<{ event: string; data: unknown }>> {
  const reader = response.body!.getReader();
  const events: Array<{ event: string; data: unknown }> = [];
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    text += new TextDecoder().decode(value);
    let end = text.indexOf('\n\n');
    while (end !== -1) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) {
        const parsed = { event, data: JSON.parse(data) as unknown };
        events.push(parsed);
        if (until(parsed)) {
          await reader.cancel();
          return events;
        }
      }
      end = text.indexOf('\n\n');
    }
  }
}

describe('session page routes', () => {
  it('serves the page under the script policy, compressed', async () => {
    const response = await fetch(`${kap.url}/s/${sessionId}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('id="turn-1"');
    expect(html).toContain(`data-live-url="/s/${sessionId}/live"`);
  });

  it('gives turns from N on as a fragment with the revision it was rendered from', async () => {
    const response = await fetch(`${kap.url}/s/${sessionId}/turns?from=1`);
    expect(response.status).toBe(200);
    const summary = (await kap.summary(sessionId))!;
    expect(Number(response.headers.get('x-kap-revision'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('x-kap-revision'))).toBeLessThanOrEqual(summary.revision);
    expect(response.headers.get('x-kap-last-turn')).toBe('1');
    const html = await response.text();
    expect(html).toContain('<section class="turn" id="turn-1"');
    expect(html).toContain('id="tool-toolu_test"');
    expect(html).not.toContain('<html');
    expect((await fetch(`${kap.url}/s/${sessionId}/turns?from=2`).then((r) => r.text())).startsWith('\n<template id="outline-rows"></template>')).toBe(true);
    expect((await fetch(`${kap.url}/s/${sessionId}/turns?from=-1`)).status).toBe(400);
  });

  it('answers every sub-route as the page: 400 malformed, 404 unknown, 403 from elsewhere without a valid link', async () => {
    const unknown = randomUUID();
    for (const sub of ['', '/turns', '/live', '/files', '/tools/toolu_test']) {
      expect((await fetch(`${kap.url}/s/not%20an%20id${sub}`)).status, `malformed ${sub}`).toBe(400);
      expect((await fetch(`${kap.url}/s/${unknown}${sub}`)).status, `unknown ${sub}`).toBe(404);
      expect((await fetch(`${kap.url}/s/${sessionId}${sub}`, { headers: ELSEWHERE })).status, `unsigned ${sub}`).toBe(403);
      const signed = kap.signer.sessionPageUrl(sessionId);
      const query = signed.slice(signed.indexOf('?'));
      const tampered = query.replace(/sig=[0-9a-f]{2}/, 'sig=zz');
      expect((await fetch(`${kap.url}/s/${sessionId}${sub}${tampered}`, { headers: ELSEWHERE })).status, `tampered ${sub}`).toBe(403);
      const ok = await fetch(`${kap.url}/s/${sessionId}${sub}${query}`, { headers: ELSEWHERE });
      expect(ok.status, `signed ${sub}`).toBe(200);
      await ok.body?.cancel();
    }
  });

  it('passes a signed link on: the page it opens links its sub-routes with the same exp and sig', async () => {
    const signed = kap.signer.sessionPageUrl(sessionId);
    const query = new URL(signed).searchParams;
    const html = await fetch(signed, { headers: ELSEWHERE }).then((r) => r.text());
    expect(html).toContain(`data-turns-url="/s/${sessionId}/turns?exp=${query.get('exp')}&amp;sig=${query.get('sig')}"`);
    expect(html).toContain(`data-live-url="/s/${sessionId}/live?exp=${query.get('exp')}&amp;sig=${query.get('sig')}"`);
  });

  it('shows the whole output of a call, the files page, and 404 for a call or file the session lacks', async () => {
    const tool = await fetch(`${kap.url}/s/${sessionId}/tools/toolu_test`);
    expect(tool.status).toBe(200);
    expect(await tool.text()).toContain('npx vitest run src/refunds');
    expect((await fetch(`${kap.url}/s/${sessionId}/tools/toolu_nope`)).status).toBe(404);
    expect((await fetch(`${kap.url}/s/${sessionId}/tools/__proto__`)).status).toBe(404);
    const files = await fetch(`${kap.url}/s/${sessionId}/files`);
    expect(files.status).toBe(200);
    expect(await files.text()).toContain('This session changed no files.');
    expect((await fetch(`${kap.url}/s/${sessionId}/files?path=%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('streams live events: hello with the current revision, then timeline when a turn is appended', async () => {
    const abort = new AbortController();
    const response = await fetch(`${kap.url}/s/${sessionId}/live`, { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBeNull();
    const before = (await kap.summary(sessionId))!.revision;
    const events = readEvents(response, (e) => e.event === 'timeline' && (e.data as { revision: number }).revision > before);
    await appendTurn(kap, sessionId, 'now document the <rounding> rule', new Date('2026-11-20T10:00:00Z'));
    const seen = await events;
    abort.abort();
    expect(seen[0]).toEqual({ event: 'hello', data: { revision: expect.any(Number) as number } });
    expect(seen.at(-1)!.event).toBe('timeline');
    const fragment = await fetch(`${kap.url}/s/${sessionId}/turns?from=1`).then((r) => r.text());
    expect(fragment).toContain('<section class="turn" id="turn-2"');
    expect(fragment).toContain('now document the &lt;rounding&gt; rule');
  });

  it('ends open event streams when Kap stops, so stopping does not wait for readers', async () => {
    const other = await startKapForTest();
    const batch = syntheticSessionBatch();
    await fetch(`${other.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    await other.settled([batch.sessionId]);
    const response = await fetch(`${other.url}/s/${batch.sessionId}/live`);
    expect(response.status).toBe(200);
    const ended = readEvents(response, () => false);
    await other.close();
    expect((await ended).map((e) => e.event)).toEqual(['hello']);
  });
});
