/**
 * The ingest's bearer token: created on first start (32 random bytes, base64url) in `<dataDir>/token`
 * with mode 0600, read by `kap serve` and by clients on the same machine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'token');
}

/** Reads the token file, creating it when absent. Throws only on file-system errors. */
export function loadOrCreateToken(dataDir: string): string {
  const existing = readToken(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    writeFileSync(tokenPath(dataDir), `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readToken(dataDir) ?? token;
    throw error;
  }
}

/** The token in `<dataDir>/token`, or undefined when there is none. */
export function readToken(dataDir: string): string | undefined {
  try {
    const text = readFileSync(tokenPath(dataDir), 'utf8').trim();
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
