/**
 * Who reads a session page: without Slack this machine or a signed link (reader `local`); with Slack the
 * web session's person, or a sign-in; never a signed link or loopback alone.
 */
import { describe, expect, it } from 'vitest';
import type { LinkCheck } from './linkSigner.js';
import { isLocalRequest, pageReader } from './pageReader.js';
import type { PageReaderInput } from './pageReader.js';

const DANA = { userId: 'UDANA00001', teamId: 'T0KAP', name: 'Dana', expiresAt: new Date('2030-01-01T00:00:00Z'), token: 't' };
const input = (over: Partial<PageReaderInput>): PageReaderInput => ({
  local: false,
  fromThisMachine: false,
  checkLink: () => 'bad_signature',
  signInConfigured: true,
  webSession: async () => undefined,
  ...over,
});
const link = (check: LinkCheck) => () => check;

describe('pageReader', () => {
  it('without Slack: this machine reads, elsewhere needs a link that checks', async () => {
    expect(await pageReader(input({ local: true, fromThisMachine: true }))).toEqual({ kind: 'reader', reader: { kind: 'local' }, person: undefined });
    expect(await pageReader(input({ local: true, checkLink: link('ok') }))).toEqual({ kind: 'reader', reader: { kind: 'local' }, person: undefined });
    expect(await pageReader(input({ local: true, checkLink: link('expired') }))).toEqual({ kind: 'link_refused', check: 'expired' });
    expect(await pageReader(input({ local: true }))).toEqual({ kind: 'link_refused', check: 'bad_signature' });
  });

  it('with Slack: a signed link or this machine is no pass; the web session\'s person reads', async () => {
    expect(await pageReader(input({ fromThisMachine: true, checkLink: link('ok') }))).toEqual({ kind: 'sign_in' });
    expect(await pageReader(input({ webSession: async () => DANA }))).toEqual({ kind: 'reader', reader: { kind: 'person', userId: DANA.userId }, person: DANA });
  });

  it('with Slack but no client id: sign-in is not configured', async () => {
    expect(await pageReader(input({ signInConfigured: false, webSession: async () => DANA }))).toEqual({ kind: 'sign_in_unconfigured' });
  });
});

describe('isLocalRequest', () => {
  it.each([
    ['127.0.0.1', { host: '127.0.0.1:7878' }, true],
    ['::ffff:127.0.0.1', { host: 'localhost:7878' }, true],
    ['::1', { host: '[::1]:7878' }, true],
    ['10.0.0.4', { host: '127.0.0.1:7878' }, false],
    ['127.0.0.1', { host: 'kap.example.com' }, false],
    ['127.0.0.1', { host: '127.0.0.1:7878', 'x-forwarded-for': '203.0.113.9' }, false],
    ['127.0.0.1', { host: '127.0.0.1:7878', forwarded: 'for=203.0.113.9' }, false],
    ['127.0.0.1', {}, false],
    [undefined, { host: '127.0.0.1' }, false],
  ] as const)('%s with %j → %s', (address, headers, expected) => {
    expect(isLocalRequest(address, headers)).toBe(expected);
  });
});
