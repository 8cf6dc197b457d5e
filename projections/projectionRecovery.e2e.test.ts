/**
 * Kill `kap serve` (SIGKILL) while it ingests and projects the corpus, restart it, finish the import: the
 * read models equal a full rebuild (`kap projections rebuild`) and a fold of each stream done here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import type { SessionSummary } from './sessionSummary.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { corpusDir } from '../test/support/corpus.js';
import { startKapProcess } from '../test/support/kapProcess.js';

const run = promisify(execFile);

async function summaries(dataDir: string): Promise<Map<string, SessionSummary>> {
  const model = createSqliteReadModel({ path: join(dataDir, 'readmodels.db') });
  const all = await model.list({ limit: 10_000 });
  await model.close();
  return new Map(all.map((s) => [s.sessionId, s]));
}

async function foldedHere(dataDir: string): Promise<Map<string, SessionSummary>> {
  const store = createSqliteEventStore({ path: join(dataDir, 'events.db') });
  const bySession = new Map<string, RecordedEvent[]>();
  for await (const e of store.readAll({ streamNamePrefix: SESSION_STREAM_PREFIX })) {
    const id = e.streamName.slice(SESSION_STREAM_PREFIX.length);
    bySession.set(id, [...(bySession.get(id) ?? []), e]);
  }
  await store.close();
  return new Map([...bySession].map(([id, events]) => [id, foldSessionEvents(initialSessionState(id), events).summary]));
}

describe('projection recovery', () => {
  it('after a crash mid-batch and a restart, the read models equal a full rebuild', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-recovery-'));
    const files = findImportFiles([corpusDir()]);

    const first = await startKapProcess(dataDir);
    let acknowledged = 0;
    let crashed: Promise<void> | undefined;
    await importFiles(files, {
      send: async (batch) => {
        const outcome = await postBatch({ url: first.url, token: first.token, timeoutMs: 30_000 }, batch);
        acknowledged += 1;
        // Crash right after the ingest took a large batch: its projection is mid-way through folding it.
        if (acknowledged === 6) crashed = first.crash();
        return outcome;
      },
    });
    await crashed;
    const atCrash = await summaries(dataDir);

    const second = await startKapProcess(dataDir);
    const report = await importFiles(files, { send: (batch) => postBatch({ url: second.url, token: second.token, timeoutMs: 30_000 }, batch) });
    expect(report.errors).toEqual([]);
    const expected = await foldedHere(dataDir);
    const deadline = Date.now() + 20_000;
    let live = await summaries(dataDir);
    while (Date.now() < deadline && [...expected].some(([id, s]) => live.get(id)?.revision !== s.revision)) {
      await new Promise((r) => setTimeout(r, 100));
      live = await summaries(dataDir);
    }
    await second.stop();

    expect(atCrash.size).toBeLessThan(expected.size);
    expect(live).toEqual(expected);
    const { stdout } = await run(process.execPath, [resolve('dist/cli/main.js'), 'projections', 'rebuild'], { env: { ...process.env, KAP_DATA_DIR: dataDir } });
    expect(stdout).toMatch(/Rebuilt session-summary: \d+ sessions/);
    expect(await summaries(dataDir)).toEqual(live);
  }, 120_000);
});
