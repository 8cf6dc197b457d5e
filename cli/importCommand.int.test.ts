/**
 * `kap import` as a person runs it (the CLI from source, against a Kap started in this process): what it
 * could not read is an error with exit 1, never "Imported 0 files … 0 errors" — a path that does not exist,
 * a folder without transcripts, a given file that is no transcript, a transcript it cannot open (a dangling
 * link) — while what it could read is still imported.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKapCli } from '../test/support/kapCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

const SESSION = 'f00dcafe-0000-4000-8000-000000000001';
const line = (uuid: string, content: string) =>
  JSON.stringify({ type: 'user', uuid, sessionId: SESSION, timestamp: '2026-12-01T09:00:00Z', cwd: '/w', message: { role: 'user', content } });

describe('kap import', () => {
  let kap: KapUnderTest;
  let env: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    kap = await startKapForTest();
    env = { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir };
    dir = mkdtempSync(join(tmpdir(), 'kap-import-cli-'));
  }, 30_000);
  afterAll(() => kap?.close());

  const folder = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };

  it('imports a folder of transcripts: exit 0, no errors', async () => {
    const good = folder('good');
    writeFileSync(join(good, `${SESSION}.jsonl`), `${line('00000000-0000-4000-8000-000000000001', 'hello')}\n${line('00000000-0000-4000-8000-000000000002', 'again')}\n`);
    const result = await runKapCli(['import', good], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 1 file, 2 records, 1 session in \d+ ms: 2 new events, 0 already stored, 0 errors, 0 ignored\.\n$/);
    await kap.settled([SESSION]);
  });

  it.each([
    ['a path that does not exist', () => join(dir, 'nowhere'), 'cannot read: no such file or folder'],
    ['a folder without transcripts', () => (writeFileSync(join(folder('empty'), 'notes.txt'), 'hi'), join(dir, 'empty')), 'no transcripts here (no .jsonl or .json file under it)'],
    ['a file that is no transcript', () => join(dir, 'empty', 'notes.txt'), 'not a transcript: kap import reads .jsonl and .json files'],
  ])('calls %s an error: exit 1, nothing imported', async (_name, path, message) => {
    const target = path();
    const result = await runKapCli(['import', target], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Nothing imported: 1 error.\n');
    expect(result.stderr).toBe(`  error: ${target}: ${message}\n`);
    const json = await runKapCli(['import', target, '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ files: 0, errors: [{ file: target, message }] });
  });

  it('imports what it can read and calls a transcript it cannot open an error: exit 1', async () => {
    const mixed = folder('mixed');
    writeFileSync(join(mixed, `${SESSION}.jsonl`), `${line('00000000-0000-4000-8000-000000000001', 'hello')}\n`);
    symlinkSync(join(dir, 'gone.jsonl'), join(mixed, 'broken.jsonl'));
    symlinkSync(join(dir, 'gone.txt'), join(mixed, 'broken.txt')); // not a transcript: not kap import's business
    const result = await runKapCli(['import', mixed], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Imported 1 file, 1 record, 1 session in \d+ ms: 0 new events, 1 already stored, 1 error, 0 ignored\.\n$/);
    expect(result.stderr).toBe(`  error: ${join(mixed, 'broken.jsonl')}: cannot read: no such file or folder\n`);
  });
});
