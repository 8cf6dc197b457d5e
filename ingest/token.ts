/**
 * The ingest's bearer token: created on first start (32 random bytes, base64url) in `<dataDir>/token`
 * with mode 0600, read by `kap serve` and by clients on the same machine.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../stores/privateFiles.js';

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'token');
}

/**
 * Reads the token file, creating it when absent (the data dir 0700, the file 0600); a token file found with
 * a looser mode is tightened to 0600. Throws only on file-system errors.
 */
export function loadOrCreateToken(dataDir: string): string {
  const existing = readToken(dataDir);
  if (existing) {
    ensurePrivateFile(tokenPath(dataDir));
    return existing;
  }
  ensurePrivateDir(dataDir);
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

/**
 * Constant-time comparison of a presented token with the expected one: both are hashed (SHA-256) first, so
 * the comparison takes the same time whatever their lengths or encodings, and never throws.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when there is none. The scheme is
 * case-insensitive (RFC 7235 §2.1: `bearer`, `BEARER` …), followed by one or more spaces.
 */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^bearer +(.*)$/i.exec(header);
  const token = match?.[1]?.trim();
  return token ? token : undefined;
}
