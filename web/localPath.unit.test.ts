/**
 * `next` after sign-in: a path on this Kap, never another site (an open redirect is a bug).
 */
import { describe, expect, it } from 'vitest';
import { localPath } from './localPath.js';

describe('localPath', () => {
  it.each(['/s/7f0c2a52-0d7e-4d0e-9a3e-0123456789ab', '/', '/s/a%2Fb?x=1#top', '/auth/logout'])('keeps the local path %s', (next) => {
    expect(localPath(next)).toBe(next);
  });

  it.each([
    ['a protocol-relative URL', '//evil.example/s/x'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a backslash later on', '/s/\\\\evil.example'],
    ['a tab inside the slashes', '/\t/evil.example'],
    ['a newline', '/s/x\nSet-Cookie: a=b'],
    ['a relative path', 's/x'],
    ['an empty string', ''],
    ['a space', '/ /evil.example'],
    ['too long', `/${'a'.repeat(5000)}`],
    ['not a string', ['/s/x']],
    ['undefined', undefined],
  ])('refuses %s', (_name, next) => {
    expect(localPath(next)).toBeUndefined();
  });
});
