/**
 * What `kap import`'s progress bar counts: sessions (expected from the file names, seen as files are read)
 * and lines, not bytes. Imported into a Kap started in this process.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import type { ImportProgress } from './importTranscripts.js';
import { importFiles, scanImportPaths, sessionsByFileName } from './importTranscripts.js';
import { postBatch } from './ingestClient.js';

const A = 'a11ce000-0000-4000-8000-00000000000a';
const B = 'b0b00000-0000-4000-8000-00000000000b';
let n = 0;
const line = (sessionId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'user', uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, sessionId, timestamp: '2026-12-01T09:00:00Z', message: { role: 'user', content: 'hi' }, ...extra });

describe('import progress', () => {
  let kap: KapUnderTest;
  let dir: string;
  beforeAll(async () => {
    kap = await startKapForTest();
    dir = mkdtempSync(join(tmpdir(), 'kap-import-progress-'));
    mkdirSync(join(dir, A, 'subagents'), { recursive: true });
    writeFileSync(join(dir, `${A}.jsonl`), `${line(A)}\n${line(A)}\n${line(A)}\n`);
    writeFileSync(join(dir, A, 'subagents', 'agent-1.jsonl'), `${line(A, { isSidechain: true, agentId: '1' })}\n`);
    writeFileSync(join(dir, `${B}.jsonl`), `${line(B)}\n${line(B)}\n`);
  }, 30_000);
  afterAll(() => kap?.close());

  it('expects one session per main transcript and its subagents, and reports sessions and lines after each file', async () => {
    const { files, problems } = scanImportPaths([dir]);
    expect(problems).toEqual([]);
    expect(files).toHaveLength(3);
    expect(sessionsByFileName(files)).toBe(2);

    const seen: ImportProgress[] = [];
    const report = await importFiles(files, { send: (batch) => postBatch({ url: kap.url, token: kap.token, timeoutMs: 10_000 }, batch), onProgress: (p) => seen.push(p) });
    expect(report.errors).toEqual([]);
    expect(seen.map((p) => p.files)).toEqual([1, 2, 3]);
    expect(seen.at(-1)).toEqual({ files: 3, sessions: 2, records: 6, bytes: files.reduce((sum, f) => sum + f.bytes, 0) });
    expect(seen.map((p) => p.sessions)).toEqual([...seen.map((p) => p.sessions)].sort((x, y) => x - y));
    expect(seen.map((p) => p.records)).toEqual([...seen.map((p) => p.records)].sort((x, y) => x - y));
  });
});
