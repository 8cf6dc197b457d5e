/**
 * Import throughput as a user gets it: `kap serve` in one process (embedded SQLite, projection running),
 * `kap import <corpus> --json` in another; lines per second over the import's own elapsed time (read,
 * redact, batch, HTTP, validate, append), beside a bare `JSON.parse` loop over the same files.
 * Targets (issue #2): ≥ 30,000 lines/s and ≥ 1/3 of the bare loop.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findImportFiles } from '../collector/importTranscripts.js';
import { corpusDir } from '../test/support/corpus.js';

export interface ImportBenchResult {
  lines: number;
  bareLinesPerSecond: number;
  importLinesPerSecond: number;
  ratio: number;
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

export async function benchImport(rounds = 5): Promise<ImportBenchResult> {
  const dir = corpusDir();
  const files = findImportFiles([dir]);
  let lines = 0;
  let bareMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    lines = bareParse(files);
    bareMs = Math.min(bareMs, performance.now() - t);
  }
  let importMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-bench-import-'));
    const port = 17_000 + Math.floor(Math.random() * 1000);
    const stop = await startServe(dataDir, port);
    try {
      const out = execFileSync(process.execPath, [KAP, 'import', dir, '--json'], { env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_PORT: String(port) }, maxBuffer: 64 * 1024 * 1024 });
      const report = JSON.parse(out.toString()) as { errors: unknown[]; elapsedMs: number; records: number };
      if (report.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
      importMs = Math.min(importMs, report.elapsedMs);
    } finally {
      stop();
    }
  }
  const bareLinesPerSecond = lines / (bareMs / 1000);
  const importLinesPerSecond = lines / (importMs / 1000);
  return { lines, bareLinesPerSecond, importLinesPerSecond, ratio: importLinesPerSecond / bareLinesPerSecond };
}
