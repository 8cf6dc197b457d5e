/**
 * Imports every file of the real corpus and checks each session's tokens, tools and filesChanged against
 * a count made here, straight from the raw lines (not through Kap's fold), then re-imports: 0 new events.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../test/support/corpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { countRaw, readRecords } from '../test/support/rawTranscriptCount.js';
import { findImportFiles, importFiles } from './importTranscripts.js';
import type { ImportReport } from './importTranscripts.js';
import { postBatch } from './ingestClient.js';

/** Transcript files per session, by the rule the README states (file name, subagents folder, last sessionId). */
function transcriptFilesBySession(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => walk(join(path, n))) : [path];
  for (const path of walk(dir)) {
    const lines = readRecords(path);
    if (!lines || !lines.every((l) => typeof l.type === 'string') || lines.length === 0) continue;
    const stem = basename(path).replace(/\.jsonl?$/, '');
    const uuid = /^[0-9a-f-]{36}$/;
    const parent = basename(dirname(dirname(path)));
    const session = uuid.test(stem)
      ? stem
      : basename(dirname(path)) === 'subagents' && uuid.test(parent)
        ? parent
        : [...lines].reverse().find((l) => typeof l.sessionId === 'string')?.sessionId;
    out.set(session, [...(out.get(session) ?? []), path]);
  }
  return out;
}

/** Who runs the import: `kap import` sends its machine's identity (collector/gitContext.ts readMachineIdentity). */
const IMPORTER = { gitUser: 'Dana Reyes <dana@acme.dev>', osUser: 'dana', host: 'dana-mbp' };

describe('kap import of the real corpus', () => {
  let kap: KapUnderTest;
  let first: ImportReport;
  let second: ImportReport;
  const dir = corpusDir();

  beforeAll(async () => {
    kap = await startKapForTest();
    const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
    const send = (batch: Parameters<typeof postBatch>[1]) => postBatch(target, batch);
    first = await importFiles(findImportFiles([dir]), { send, context: IMPORTER });
    second = await importFiles(findImportFiles([dir]), { send });
    await kap.settled(first.sessions);
  }, 120_000);
  afterAll(() => kap?.close());

  it('imports every file with zero errors', () => {
    expect(first.errors).toEqual([]);
    expect(first.files).toBe(findImportFiles([dir]).length);
    expect(first.appended).toBeGreaterThan(7000);
  });

  it('appends nothing on a second import', () => {
    expect(second.errors).toEqual([]);
    expect(second.appended).toBe(0);
    expect(second.alreadyStored).toBe(second.records);
  });

  it('gives each session the tokens, tools and files changed its raw lines say', async () => {
    const sessions = transcriptFilesBySession(dir);
    expect(sessions.size).toBeGreaterThanOrEqual(9);
    for (const [sessionId, paths] of sessions) {
      const expected = countRaw(paths.filter((p) => !p.endsWith('.derived.jsonl')));
      const summary = await kap.summary(sessionId);
      expect(summary, sessionId).toBeDefined();
      expect({ sessionId, tokens: summary!.tokens, tools: summary!.tools }).toEqual({ sessionId, tokens: expected.tokens, tools: expected.tools });
      expect([...summary!.filesChanged].sort()).toEqual([...expected.filesChanged].sort());
    }
  });

  it('counts a long 2.x session with subagents across its files', async () => {
    const summary = await kap.summary('ae4a77f8-aedd-4bc1-888f-c94edc91af04');
    expect(summary!.subagents).toBeGreaterThan(0);
    expect(Object.keys(summary!.tokens).length).toBeGreaterThan(1);
    expect(summary!.prompts).toBeGreaterThan(0);
    expect(summary!.costUsd).toBeGreaterThan(0);
    expect(summary!.branch).toBe('spotter-4te');
  });

  it('makes whoever imports the owner of every session imported, and shares none of them', async () => {
    for (const sessionId of first.sessions) {
      const summary = (await kap.readModel.get(sessionId))?.summary;
      expect({ sessionId, user: summary?.user, osUser: summary?.osUser, host: summary?.host, visibility: summary?.visibility ?? null }).toEqual({ sessionId, user: IMPORTER.gitUser, osUser: IMPORTER.osUser, host: IMPORTER.host, visibility: null });
    }
  });
});
