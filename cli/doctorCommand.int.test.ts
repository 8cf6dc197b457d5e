/**
 * `kap doctor` as a person runs it (the built CLI): all well after `kap hooks install` against a running Kap;
 * then each thing it must catch, with a non-zero exit: Kap moved away from where the hooks start it (and a hook
 * that ran meanwhile), a token the server refuses, no server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookCommandScript } from '../collector/hookCommandScript.js';
import { writeLauncher } from '../collector/launcher.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

const KAP = resolve('dist/cli/main.js');

function kapCli(args: string[], env: Record<string, string>, cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [KAP, ...args], { env: { ...process.env, ...env }, cwd }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

const sh = (script: string, env: Record<string, string>, stdin: string) =>
  new Promise<void>((done) => {
    const child = execFile('sh', ['-c', script], { env: { ...process.env, ...env } }, () => done());
    child.stdin!.end(stdin);
  });

describe('kap doctor', () => {
  let kap: KapUnderTest;
  let env: Record<string, string>;
  let cwd: string;
  beforeAll(async () => {
    kap = await startKapForTest();
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-doctor-home-')));
    cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-doctor-cwd-')));
    env = { HOME: home, KAP_DATA_DIR: mkdtempSync(join(tmpdir(), 'kap-doctor-data-')), KAP_URL: kap.url, KAP_TOKEN: kap.token };
  });
  afterAll(() => kap?.close());

  it('says all is well after kap hooks install, against a running Kap', async () => {
    expect((await kapCli(['hooks', 'install', '--user'], env, cwd)).code).toBe(0);
    const result = await kapCli(['doctor', '--json'], env, cwd);
    const checks = JSON.parse(result.stdout) as Array<{ name: string; level: string }>;
    expect(checks.map((c) => c.name)).toEqual(['server', 'store', 'token', 'projections', 'hooks', 'launcher', 'inbox', 'spool', 'set aside']);
    expect(checks.filter((c) => c.level !== 'ok')).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('reports a Kap that moved: the launcher names a file that is gone, and the trace of a hook that ran meanwhile', async () => {
    const gone = join(mkdtempSync(join(tmpdir(), 'kap-doctor-old-')), 'dist', 'cli', 'main.js');
    writeLauncher(env.KAP_DATA_DIR!, { node: process.execPath, main: gone });
    let result = await kapCli(['doctor'], env, cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL launcher .*which is gone/);

    await sh(hookCommandScript({ setsid: true }), env, JSON.stringify({ session_id: 'moved-1', cwd, hook_event_name: 'SessionStart' }));
    result = await kapCli(['doctor'], env, cwd);
    expect(result.stdout).toMatch(new RegExp(`FAIL launcher +a hook could not start Kap \\(tried ${gone.replace(/[.]/g, '\\.')}.*1 event\\(s\\) wait in the inbox`));
    expect(result.stdout).toContain('kap hooks install (from where Kap is now), then kap sync');

    expect((await kapCli(['hooks', 'install', '--user'], env, cwd)).code).toBe(0);
    result = await kapCli(['doctor', '--json'], env, cwd);
    expect(JSON.parse(result.stdout).find((c: { name: string }) => c.name === 'launcher')).toMatchObject({ level: 'ok' });
  });

  it('reports a token the server refuses', async () => {
    const result = await kapCli(['doctor'], { ...env, KAP_TOKEN: 'x'.repeat(40) }, cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL token +Kap refuses the token from KAP_TOKEN/);
  });

  it('reports no server, and keeps checking the rest', async () => {
    const result = await kapCli(['doctor'], { ...env, KAP_URL: 'http://127.0.0.1:9' }, cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL server +Kap does not answer at http:\/\/127\.0\.0\.1:9/);
    expect(result.stdout).toMatch(/ok {3}hooks/);
  });

  it('reports events a projection recorded as unfoldable, naming the latest', async () => {
    const error = { projection: 'doctor-probe', eventId: 'e0c1d2e3-0000-4000-8000-000000000001', stream: 'session-x', revision: 7, message: 'fold threw: boom', recordedAt: new Date().toISOString() };
    await kap.readModel.commit([], { name: 'doctor-probe', position: { commit: 1n, prepare: 1n } }, [error]);
    const result = await kapCli(['doctor'], env, cwd);
    expect(result.stdout).toMatch(/warn projections +1 event\(s\) could not be folded and were skipped; latest: doctor-probe e0c1d2e3-0000-4000-8000-000000000001: fold threw: boom/);
    expect(result.stdout).toContain('kap projections errors');
  });
});
