/** Kap's version, from its package.json (what `kap --version` prints). */
import { readFileSync } from 'node:fs';

/**
 * The `version` of the package.json named `kap` one folder up from this file (cli/, run from source) or two
 * (dist/cli/, built); `unknown` when neither is there.
 */
export function kapVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'kap' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: the next folder up
    }
  }
  return 'unknown';
}
