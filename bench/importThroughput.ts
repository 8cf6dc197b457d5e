/**
 * Import throughput: lines per second through `kap import`'s path (read, redact, batch, HTTP ingest,
 * validate, append to the embedded store), beside a bare `JSON.parse` loop over the same files.
 * Targets (issue #2): ≥ 30,000 lines/s and ≥ 1/3 of the bare loop.
 */
import { readFileSync } from 'node:fs';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import { corpusDir } from '../test/support/corpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';

export interface ImportBenchResult {
  lines: number;
  bareLinesPerSecond: number;
  importLinesPerSecond: number;
  ratio: number;
}

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

export async function benchImport(rounds = 5): Promise<ImportBenchResult> {
  const files = findImportFiles([corpusDir()]);
  let lines = 0;
  let bareMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    lines = bareParse(files);
    bareMs = Math.min(bareMs, performance.now() - t);
  }
  let importMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const kap = await startKapForTest();
    const target = { url: kap.url, token: kap.token, timeoutMs: 120_000 };
    const t = performance.now();
    const report = await importFiles(files, { send: (batch) => postBatch(target, batch) });
    importMs = Math.min(importMs, performance.now() - t);
    await kap.close();
    if (report.errors.length > 0) throw new Error(`import errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
  }
  const bareLinesPerSecond = lines / (bareMs / 1000);
  const importLinesPerSecond = lines / (importMs / 1000);
  return { lines, bareLinesPerSecond, importLinesPerSecond, ratio: importLinesPerSecond / bareLinesPerSecond };
}
