import { describe, expect, it } from 'vitest';
import { IDENTITIES_STREAM } from '../events/kapEventTypes.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createIdentityLinks, LINK_CODE_TTL_MS } from './identityLinks.js';

const dana = { email: 'Dana@Home.example', osUser: 'dana', host: 'dana-mbp' };
const nobodyInSlack = async () => null;

function setUp() {
  const store = createSqliteEventStore({ path: ':memory:' });
  let now = Date.parse('2026-12-01T10:00:00Z');
  const links = createIdentityLinks(store, () => new Date(now));
  return { store, links, advance: (ms: number) => (now += ms) };
}

describe('identity links (`/kap link` then `kap link <code>`)', () => {
  it('binds the machine identity to the person the code was given to, by email and by OS user at host', async () => {
    const { store, links } = setUp();
    const { code } = await links.request('UDANA');
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(await links.redeem(code.toLowerCase().replace('-', ' '), dana, nobodyInSlack)).toEqual({ ok: true, slackUserId: 'UDANA' });
    expect([...(await links.links())]).toEqual([
      ['email:dana@home.example', 'UDANA'],
      ['os:dana@dana-mbp', 'UDANA'],
    ]);
    // Only the code's hash is stored.
    const stored = [];
    for await (const e of store.readStream(IDENTITIES_STREAM)) stored.push(JSON.stringify(e.data));
    expect(stored.join('\n')).not.toContain(code);
  });

  it('a code works once, and not after it expires', async () => {
    const { links, advance } = setUp();
    const { code } = await links.request('UDANA');
    expect((await links.redeem(code, dana, nobodyInSlack)).ok).toBe(true);
    expect(await links.redeem(code, dana, nobodyInSlack)).toMatchObject({ ok: false, code: 'USED_CODE' });
    const late = await links.request('UDANA');
    advance(LINK_CODE_TTL_MS + 1);
    expect(await links.redeem(late.code, { ...dana, host: 'other' }, nobodyInSlack)).toMatchObject({ ok: false, code: 'EXPIRED_CODE' });
    expect(await links.redeem('AAAAA-AAAAA', dana, nobodyInSlack)).toMatchObject({ ok: false, code: 'UNKNOWN_CODE' });
  });

  it("first claim wins, and an email Slack knows as someone else's cannot be claimed", async () => {
    const { links } = setUp();
    expect((await links.redeem((await links.request('UDANA')).code, dana, nobodyInSlack)).ok).toBe(true);
    expect(await links.redeem((await links.request('UMALLORY')).code, dana, nobodyInSlack)).toMatchObject({ ok: false, code: 'CLAIMED' });
    const slackKnows = async (email: string) => (email === 'lee@acme.dev' ? 'ULEE' : null);
    expect(await links.redeem((await links.request('UMALLORY')).code, { email: 'lee@acme.dev', osUser: null, host: null }, slackKnows)).toMatchObject({ ok: false, code: 'CLAIMED' });
    expect(await links.redeem((await links.request('UMALLORY')).code, { email: null, osUser: null, host: null }, slackKnows)).toMatchObject({ ok: false, code: 'NO_IDENTITY' });
  });

  it('two redemptions of one code at the same moment: exactly one wins', async () => {
    const { links } = setUp();
    const { code } = await links.request('UDANA');
    const results = await Promise.all([links.redeem(code, dana, nobodyInSlack), links.redeem(code, { ...dana, host: 'second' }, nobodyInSlack)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
