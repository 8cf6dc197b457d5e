/**
 * Kap's collector files are its user's alone: directories 0700, files 0600, whatever the umask, and
 * directories found looser (made by the hook command's `mkdir -p`, or an older Kap) are tightened.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToInbox, collectorPaths } from './collectorState.js';
import { runHook } from './drainInbox.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...filesUnder(join(dir, e.name))] : [join(dir, e.name)]));

let previousUmask: number | undefined;
beforeAll(() => {
  try {
    previousUmask = process.umask(0o022); // the usual default: files 0644, directories 0755
  } catch {
    // a worker thread cannot set it; the chmods below still make the directories loose
  }
});
afterAll(() => {
  if (previousUmask !== undefined) process.umask(previousUmask);
});

describe('private collector files', () => {
  it('kap hook leaves every directory 0700 and every file 0600, with the ingest down and a bad entry set aside', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kap-private-')), 'kapdata');
    const paths = collectorPaths(dataDir);
    // As the hook command's `mkdir -p` under umask 022 leaves them.
    mkdirSync(paths.inbox, { recursive: true });
    for (const dir of [dataDir, paths.root, paths.inbox]) chmodSync(dir, 0o755);
    addToInbox(paths, new Date(Date.now() - 10_000), 'x', 'not json at all');
    expect(mode(readdirSync(paths.inbox).map((n) => join(paths.inbox, n))[0]!)).toBe(0o600);
    const transcript = join(mkdtempSync(join(tmpdir(), 'kap-private-t-')), 's.jsonl');
    writeFileSync(transcript, '{"type":"user","uuid":"11111111-2222-4333-8444-555555555555"}\n');

    const report = await runHook({
      paths,
      target: { url: 'http://127.0.0.1:1', token: 't', timeoutMs: 1_000 },
      now: () => new Date(),
      logger: pino({ level: 'silent' }),
      readContext: async () => ({}),
      stdin: JSON.stringify({ session_id: 's-1', hook_event_name: 'SessionStart', transcript_path: transcript }),
      observedAt: new Date(),
    });
    expect(report).toMatchObject({ spooled: 1, invalid: 1 });

    for (const dir of [dataDir, paths.root, paths.inbox, paths.spool, paths.rejected, paths.offsets, paths.locks]) expect([dir, mode(dir)]).toEqual([dir, 0o700]);
    const files = filesUnder(paths.root).filter((p) => statSync(p).isFile());
    expect(files.length).toBeGreaterThanOrEqual(4); // spooled batch, rejected entry and its reason, offsets
    for (const file of files) expect([file, mode(file)]).toEqual([file, 0o600]);
  });

  it('the kap hook process makes its data dir, log and drainer files private', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kap-private-')), 'kapdata');
    mkdirSync(join(dataDir, 'collector'), { recursive: true });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'collector', 'collector.log'), '', { mode: 0o644 });
    const code = await new Promise<number | null>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'hook'], { env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_URL: 'http://127.0.0.1:1', KAP_TOKEN: 'a-test-token-of-enough-length' } }, (error) =>
        resolve(error ? ((error as { code?: number }).code ?? 1) : 0),
      );
      child.stdin!.end(JSON.stringify({ session_id: 's-2', hook_event_name: 'SessionStart' }));
    });
    expect(code).toBe(0);
    const paths = collectorPaths(dataDir);
    for (const dir of [dataDir, paths.root, paths.inbox, paths.spool, paths.rejected, paths.offsets, paths.locks]) expect([dir, mode(dir)]).toEqual([dir, 0o700]);
    for (const file of filesUnder(paths.root).filter((p) => statSync(p).isFile())) expect([file, mode(file)]).toEqual([file, 0o600]);
  });
});
