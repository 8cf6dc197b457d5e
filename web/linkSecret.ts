/**
 * The key that signs session links and card URLs: `KAP_LINK_SECRET`, or (embedded default) a random key
 * created on first start in `<dataDir>/link-secret`, mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../stores/privateFiles.js';

/**
 * Reads the key file, creating it when absent (the data dir 0700, the file 0600); a key file found with a
 * looser mode is tightened to 0600. Throws only on file-system errors.
 */
export function loadOrCreateLinkSecret(dataDir: string): string {
  const path = join(dataDir, 'link-secret');
  const read = () => {
    try {
      const text = readFileSync(path, 'utf8').trim();
      return text.length >= 32 ? text : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) {
    ensurePrivateFile(path);
    return existing;
  }
  ensurePrivateDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read() ?? secret;
    throw error;
  }
}
