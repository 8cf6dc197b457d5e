/**
 * Where a sign-in may send the browser back to: a path on this Kap, never another site. An open redirect
 * (`next=//evil.example`, `next=https://evil.example`, `next=/\evil.example`, which browsers read as
 * `//evil.example`) would let a link that starts on Kap land on a look-alike page after signing in.
 */

/** Longest `next` accepted, in characters. */
const MAX_LENGTH = 2048;

/**
 * `next` when it is a local path: a string starting with one `/` (not `//`, not `/\`), with no backslash,
 * whitespace or control character anywhere, that resolves to this origin. Anything else: undefined.
 */
export function localPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_LENGTH) return undefined;
  if (!next.startsWith('/') || next.startsWith('//')) return undefined;
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(next)) return undefined;
  const origin = 'http://kap.invalid';
  try {
    return new URL(next, origin).origin === origin ? next : undefined;
  } catch {
    return undefined;
  }
}
