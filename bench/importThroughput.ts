/**
 * Import throughput as a user gets it: `kap serve` in one process (embedded SQLite, projection running),
 * `kap import <corpus> --json` in another. Two figures, beside a bare `JSON.parse` loop over the same files:
 *
 * - `importLinesPerSecond` (the one the targets are judged on): the corpus's lines over the wall time of the
 *   `kap import` process, from spawn to exit — what a user waits for, Node start and module loading included.
 * - `steadyLinesPerSecond`: the same over a larger input, the corpus copied `copies` times with every UUID
 *   (session ids, file names, line ids) rewritten per copy, closer to a backfill of thousands of sessions;
 *   start-up is then a small share.
 *
 * Each figure is the best of `rounds` runs, each on a fresh `kap serve` and data dir.
 * Targets (issue #2): ≥ 30,000 lines/s and ≥ 1/3 of the bare loop.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { findImportFiles } from '../collector/importTranscripts.js';
import { corpusDir } from '../test/support/corpus.js';

export interface ImportBenchResult {
  lines: number;
  bareLinesPerSecond: number;
  /** Corpus lines over the `kap import` process's wall time (spawn to exit). */
  importLinesPerSecond: number;
  ratio: number;
  /** What `kap import` reports as its own elapsed time (after Node start and module loading), in ms. */
  inProcessMs: number;
  copies: number;
  steadyLines: number;
  /** Lines of `copies` copies of the corpus over the `kap import` process's wall time. */
  steadyLinesPerSecond: number;
  steadyRatio: number;
}

const KAP = resolve('dist/cli/main.js');

function bareParse(files: { path: string }[]): number {
  let lines = 0;
  for (const { path } of files) {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.json')) {
      lines += (JSON.parse(text) as unknown[]).length;
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      JSON.parse(line);
      lines += 1;
    }
  }
  return lines;
}

async function startServe(dataDir: string, port: number): Promise<() => void> {
  const child = spawn(process.execPath, [KAP, 'serve'], { env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_PORT: String(port), KAP_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('listening')) ok();
    });
    child.on('exit', (code) => fail(new Error(`kap serve exited ${code}: ${text}`)));
  });
  return () => child.kill('SIGTERM');
}

/** Copies the corpus `copies` times into a temp dir, every UUID's first two hex digits set per copy. */
function copyCorpus(dir: string, copies: number): string {
  const out = mkdtempSync(join(tmpdir(), 'kap-bench-corpus-'));
  const uuid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
  for (let copy = 0; copy < copies; copy++) {
    const prefix = copy.toString(16).padStart(2, '0');
    const remap = (text: string) => text.replace(uuid, (u) => `${prefix}${u.slice(2)}`);
    for (const { path } of findImportFiles([dir])) {
      const target = join(out, `copy-${copy}`, remap(relative(dir, path)));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, remap(readFileSync(path, 'utf8')));
    }
  }
  return out;
}

/** Best wall time of `kap import <dir>` over `rounds` fresh servers, and its own reported elapsed time. */
async function timeImport(dir: string, rounds: number): Promise<{ wallMs: number; inProcessMs: number; records: number }> {
  let wallMs = Number.POSITIVE_INFINITY;
  let inProcessMs = Number.POSITIVE_INFINITY;
  let records = 0;
  for (let i = 0; i < rounds; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-bench-import-'));
    const port = 17_000 + Math.floor(Math.random() * 1000);
    const stop = await startServe(dataDir, port);
    try {
      const started = performance.now();
      const out = execFileSync(process.execPath, [KAP, 'import', dir, '--json'], { env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_PORT: String(port) }, maxBuffer: 64 * 1024 * 1024 });
      wallMs = Math.min(wallMs, performance.now() - started);
      const report = JSON.parse(out.toString()) as { errors: unknown[]; elapsedMs: number; records: number };
      if (report.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
      inProcessMs = Math.min(inProcessMs, report.elapsedMs);
      records = report.records;
    } finally {
      stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { wallMs, inProcessMs, records };
}

export async function benchImport(rounds = 5, copies = 10): Promise<ImportBenchResult> {
  const dir = corpusDir();
  const files = findImportFiles([dir]);
  let lines = 0;
  let bareMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    lines = bareParse(files);
    bareMs = Math.min(bareMs, performance.now() - t);
  }
  const bareLinesPerSecond = lines / (bareMs / 1000);
  const once = await timeImport(dir, rounds);
  const importLinesPerSecond = lines / (once.wallMs / 1000);
  const copied = copyCorpus(dir, copies);
  try {
    const steady = await timeImport(copied, Math.min(rounds, 3));
    const steadyLinesPerSecond = steady.records / (steady.wallMs / 1000);
    return {
      lines,
      bareLinesPerSecond,
      importLinesPerSecond,
      ratio: importLinesPerSecond / bareLinesPerSecond,
      inProcessMs: once.inProcessMs,
      copies,
      steadyLines: steady.records,
      steadyLinesPerSecond,
      steadyRatio: steadyLinesPerSecond / bareLinesPerSecond,
    };
  } finally {
    rmSync(copied, { recursive: true, force: true });
  }
}
