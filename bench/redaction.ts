/**
 * Redaction cost on the corpus: the collector's redaction (collector/redact.ts) against the one before issue
 * #10 (bench/redactBaseline.ts), in interleaved rounds in one process so both see the same machine load.
 * Two paths, as the collector runs them:
 * - `live`: `redactSecrets` on every transcript line (the hook drainer redacts each line it ships);
 * - `import`: the importer's pre-check (`secretCandidateOffsets` over each file's bytes read as latin1), then
 *   `redactSecrets` on the lines it marks only (the rest travel as their bytes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as current from '../collector/redact.js';
import { corpusDir } from '../test/support/corpus.js';
import * as baseline from './redactBaseline.js';

export interface RedactionPathResult {
  baselineMs: number;
  currentMs: number;
  /** current / baseline, of the best round each. */
  ratio: number;
  /** Lines `redactSecrets` changed (baseline, current). */
  changed: [number, number];
  /** Lines the pre-check sent the slow way (import path only; baseline, current). */
  marked?: [number, number];
}

export interface RedactionBenchResult {
  files: number;
  lines: number;
  rounds: number;
  live: RedactionPathResult;
  import: RedactionPathResult;
}

type Redaction = typeof current;

function corpusFiles(dir: string): Buffer[] {
  const out: Buffer[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else if (path.endsWith('.jsonl')) out.push(readFileSync(path));
  };
  visit(dir);
  return out;
}

function live(r: Redaction, lines: readonly string[]): number {
  let changed = 0;
  for (const line of lines) if (r.redactSecrets(line) !== line) changed += 1;
  return changed;
}

function importPath(r: Redaction, files: readonly Buffer[]): { changed: number; marked: number } {
  let changed = 0;
  let marked = 0;
  for (const buffer of files) {
    const latin1 = buffer.toString('latin1');
    const starts = new Set<number>();
    for (const offset of r.secretCandidateOffsets(latin1)) starts.add(latin1.lastIndexOf('\n', offset) + 1);
    for (const start of starts) {
      let end = buffer.indexOf(0x0a, start);
      if (end === -1) end = buffer.length;
      const text = buffer.toString('utf8', start, end);
      marked += 1;
      if (r.redactSecrets(text) !== text) changed += 1;
    }
  }
  return { changed, marked };
}

function timed<T>(work: () => T): [number, T] {
  const start = performance.now();
  const value = work();
  return [performance.now() - start, value];
}

export function benchRedaction(rounds = 7): RedactionBenchResult {
  const files = corpusFiles(corpusDir());
  const lines = files.flatMap((b) => b.toString('utf8').split('\n').filter((l) => l.length > 0));
  const best = { liveBase: Infinity, liveCur: Infinity, importBase: Infinity, importCur: Infinity };
  let liveChanged: [number, number] = [0, 0];
  let importCounts = { base: { changed: 0, marked: 0 }, cur: { changed: 0, marked: 0 } };
  for (let round = 0; round < rounds; round++) {
    const [a, lb] = timed(() => live(baseline, lines));
    const [b, lc] = timed(() => live(current, lines));
    const [c, ib] = timed(() => importPath(baseline, files));
    const [d, ic] = timed(() => importPath(current, files));
    best.liveBase = Math.min(best.liveBase, a);
    best.liveCur = Math.min(best.liveCur, b);
    best.importBase = Math.min(best.importBase, c);
    best.importCur = Math.min(best.importCur, d);
    liveChanged = [lb, lc];
    importCounts = { base: ib, cur: ic };
  }
  return {
    files: files.length,
    lines: lines.length,
    rounds,
    live: { baselineMs: best.liveBase, currentMs: best.liveCur, ratio: best.liveCur / best.liveBase, changed: liveChanged },
    import: {
      baselineMs: best.importBase,
      currentMs: best.importCur,
      ratio: best.importCur / best.importBase,
      changed: [importCounts.base.changed, importCounts.cur.changed],
      marked: [importCounts.base.marked, importCounts.cur.marked],
    },
  };
}
