/**
 * Signed links: what the signer signs it accepts; anything else — tampered, truncated, padded, non-ASCII,
 * any length or encoding — is a bad signature, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { createLinkSigner } from './linkSigner.js';

const signer = createLinkSigner({ secret: 'k'.repeat(32), baseUrl: () => 'http://kap.test', ttlMs: 60_000, now: () => new Date('2026-01-01T00:00:00Z') });
const SESSION = '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab';
const query = (url: string) => new URL(url).searchParams;

describe('link signer', () => {
  it('accepts its own page and card links', () => {
    const page = query(signer.sessionPageUrl(SESSION));
    expect(signer.checkPage(SESSION, page.get('exp') ?? undefined, page.get('sig') ?? undefined)).toBe('ok');
    const card = query(signer.cardImageUrl(SESSION, 7));
    expect(signer.checkCard(SESSION, '7', card.get('sig') ?? undefined)).toBe('ok');
  });

  const sig = query(signer.sessionPageUrl(SESSION)).get('sig')!;
  const exp = query(signer.sessionPageUrl(SESSION)).get('exp')!;
  const cardSig = query(signer.cardImageUrl(SESSION, 7)).get('sig')!;
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
    expect(signer.checkCard(SESSION, '7', bad)).toBe('bad_signature');
  });
});
