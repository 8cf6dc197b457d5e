/**
 * Signed links: what the signer signs it accepts; anything else — tampered, truncated, padded, non-ASCII,
 * any length or encoding — is a bad signature, never an exception. Card URLs expire after an hour and are
 * bound to their revision; page links are plain when people sign in.
 */
import { describe, expect, it } from 'vitest';
import { CARD_LINK_TTL_MS, createLinkSigner } from './linkSigner.js';

let clock = new Date('2026-01-01T00:00:00Z');
const signer = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, now: () => clock });
const SESSION = '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab';
const query = (url: string) => new URL(url).searchParams;
const param = (url: string, name: string) => query(url).get(name) ?? undefined;

describe('link signer', () => {
  it('accepts its own page and card links', () => {
    const page = signer.sessionPageUrl(SESSION);
    expect(signer.checkPage(SESSION, param(page, 'exp'), param(page, 'sig'))).toBe('ok');
    const card = signer.cardImageUrl(SESSION, 7);
    expect(card.startsWith(`http://kap.test/cards/${SESSION}.png?rev=7&exp=`)).toBe(true);
    expect(signer.checkCard(SESSION, '7', param(card, 'exp'), param(card, 'sig'))).toBe('ok');
  });

  const sig = query(signer.sessionPageUrl(SESSION)).get('sig')!;
  const exp = query(signer.sessionPageUrl(SESSION)).get('exp')!;
  const cardUrl = signer.cardImageUrl(SESSION, 7);
  const cardSig = param(cardUrl, 'sig')!;
  const cardExp = param(cardUrl, 'exp')!;
  const forged: Array<[string, string]> = [
    ['non-ASCII of the same length', `${sig.slice(0, -1)}é`],
    ['all non-ASCII', 'é'.repeat(32)],
    ['an emoji', `${sig.slice(0, -2)}😀`],
    ['shorter', sig.slice(0, -1)],
    ['longer', `${sig}0`],
    ['empty', ''],
    ['upper case', sig.toUpperCase()],
    ['a NUL', `${sig.slice(0, -1)}\u0000`],
  ];
  it.each(forged)('refuses a page signature that is %s, without throwing', (_name, bad) => {
    expect(signer.checkPage(SESSION, exp, bad)).toBe('bad_signature');
  });
  it.each(forged.map(([name, bad]) => [name, bad.replace(sig, cardSig)]))('refuses a card signature that is %s, without throwing', (_name, bad) => {
    expect(signer.checkCard(SESSION, '7', cardExp, bad)).toBe('bad_signature');
  });

  it('binds a card URL to its revision, its session and its expiry', () => {
    expect(signer.checkCard(SESSION, '8', cardExp, cardSig)).toBe('bad_signature');
    expect(signer.checkCard('00000000-0000-4000-8000-000000000000', '7', cardExp, cardSig)).toBe('bad_signature');
    expect(signer.checkCard(SESSION, '7', String(Number(cardExp) + 3600), cardSig)).toBe('bad_signature');
    expect(signer.checkCard(SESSION, '7', undefined, cardSig)).toBe('bad_signature');
    expect(signer.checkCard(SESSION, '7', '1e9', cardSig)).toBe('bad_signature');
  });

  it('lets a card URL expire an hour after it was made', () => {
    const url = signer.cardImageUrl(SESSION, 3);
    const made = clock;
    expect(Number(param(url, 'exp')) * 1000).toBe(made.getTime() + CARD_LINK_TTL_MS);
    clock = new Date(made.getTime() + CARD_LINK_TTL_MS - 1000);
    expect(signer.checkCard(SESSION, '3', param(url, 'exp'), param(url, 'sig'))).toBe('ok');
    clock = new Date(made.getTime() + CARD_LINK_TTL_MS + 1000);
    expect(signer.checkCard(SESSION, '3', param(url, 'exp'), param(url, 'sig'))).toBe('expired');
    clock = made;
  });

  it('gives plain page links when people sign in (Slack configured), signed ones otherwise', () => {
    const plain = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => 'https://kap.example.com/', ttlMs: 60_000, plainPageLinks: true, now: () => clock });
    expect(plain.sessionPageUrl(SESSION)).toBe(`https://kap.example.com/s/${SESSION}`);
    expect(plain.cardImageUrl(SESSION, 1)).toMatch(/\?rev=1&exp=\d+&sig=[0-9a-f]{32}$/);
    expect(signer.sessionPageUrl(SESSION)).toMatch(/\?exp=\d+&sig=[0-9a-f]{32}$/);
  });
});
