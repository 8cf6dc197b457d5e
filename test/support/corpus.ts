/**
 * The shared corpus of real Claude Code data (../shared/corpus, or KAP_CORPUS_DIR). Tests read it in place;
 * nothing from it is copied into the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function corpusDir(): string {
  const dir = process.env.KAP_CORPUS_DIR ?? resolve(repoRoot, '..', 'shared', 'corpus');
  if (!existsSync(join(dir, 'README.md'))) {
    throw new Error(`the corpus is not at ${dir}: clone Kap beside shared/ or set KAP_CORPUS_DIR`);
  }
  return dir;
}
