/**
 * Imports corpus paths into a running test Kap through the real import path (`kap import`'s
 * `importFiles` → POST /v1/events) and waits for the projections to cover them.
 */
import { join } from 'node:path';
import { findImportFiles, importFiles } from '../../collector/importTranscripts.js';
import type { ImportReport } from '../../collector/importTranscripts.js';
import { postBatch } from '../../collector/ingestClient.js';
import { corpusDir } from './corpus.js';
import type { KapUnderTest } from './kapHarness.js';

/** `paths` relative to the corpus (e.g. `spotter/short.jsonl`, or a session's subagent folder). */
export async function importCorpus(kap: KapUnderTest, paths: readonly string[]): Promise<ImportReport> {
  const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
  const report = await importFiles(findImportFiles(paths.map((p) => join(corpusDir(), p))), { send: (batch) => postBatch(target, batch) });
  if (report.errors.length > 0) throw new Error(`corpus import failed: ${JSON.stringify(report.errors)}`);
  await kap.settled(report.sessions);
  return report;
}
