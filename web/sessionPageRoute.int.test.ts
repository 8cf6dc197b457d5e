/**
 * The session page and card image routes on a running Kap with no Slack (the embedded default): from this
 * machine the page opens without sign-in or signature; from elsewhere (here: a request a proxy relayed)
 * signed links open the page built from the projections, and expired, tampered and unsigned links do not;
 * unknown sessions are a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

const SESSION = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';

describe('session page route', () => {
  let kap: KapUnderTest;
  let clock = new Date('2026-11-20T10:00:00Z');
  beforeAll(async () => {
    kap = await startKapForTest(undefined, { KAP_LINK_TTL_DAYS: '1' }, { now: () => clock });
    await importCorpus(kap, [`spotter/${SESSION}.jsonl`, `spotter/${SESSION}`]);
  }, 60_000);
  afterAll(() => kap?.close());

  it('opens a signed link: the summary and the conversation, from the projections', async () => {
    const link = kap.signer.sessionPageUrl(SESSION);
    expect(link.startsWith(`${kap.url}/s/${SESSION}?exp=`)).toBe(true);
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    const summary = (await kap.summary(SESSION))!;
    expect(html).toContain(summary.repo ?? summary.sessionId);
    // Every tool call of the session is on the page (subagents' included), as the timeline projection has them.
    const calls = Object.values(summary.tools).reduce((a, b) => a + b, 0);
    expect(html.match(/data-tool-id=/g)?.length).toBe(calls);
  });

  it('opens the page from this machine without sign-in or signature (no Slack: the local user owns every session)', async () => {
    const response = await fetch(`${kap.url}/s/${SESSION}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data-tool-id=');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('from elsewhere, refuses a tampered, an unsigned and an expired link', async () => {
    const elsewhere = { headers: { 'x-forwarded-for': '203.0.113.9' } };
    const link = kap.signer.sessionPageUrl(SESSION);
    expect((await fetch(link, elsewhere)).status).toBe(200);
    expect((await fetch(link.replace(/sig=[0-9a-f]{2}/, 'sig=zz'), elsewhere)).status).toBe(403);
    expect((await fetch(`${kap.url}/s/${SESSION}`, elsewhere)).status).toBe(403);
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    const expired = await fetch(link, elsewhere);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('expired');
    expect((await fetch(kap.signer.sessionPageUrl(SESSION), elsewhere)).status).toBe(200);
  });

  it('gives the CLI a signed link through the ingest API (token required)', async () => {
    const { status, body } = await kap.get<{ url: string }>(`/v1/sessions/${SESSION}/link`);
    expect(status).toBe(200);
    expect((await fetch(body.url)).status).toBe(200);
    expect((await fetch(`${kap.url}/v1/sessions/${SESSION}/link`)).status).toBe(401);
    expect((await kap.get(`/v1/sessions/nope/link`)).status).toBe(404);
  });

  it('answers 404 for a session Kap does not have', async () => {
    expect((await fetch(kap.signer.sessionPageUrl('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });
});
