/**
 * Kap's installed hook command, run by `sh` as Claude Code runs it: prints nothing, exits 0 at once,
 * queues the payload, and the drainer it starts ships it (with the transcript's new lines) to a running Kap.
 * A dead drainer's lock is taken over. The command holds no path into Kap's install: a Kap that moved leaves a
 * trace and loses nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { sessionStream } from '../stores/eventStore.js';
import { hookCommandScript } from './hookCommandScript.js';
import { readKapMissing, writeLauncher } from './launcher.js';

const SESSION = '0b7e6a70-6a2a-4f59-9f61-1a2b3c4d5e6f';

const script = hookCommandScript({ setsid: true });
const kapEntry = { node: process.execPath, main: resolve('dist/cli/main.js') };

/** A data dir whose launcher points at this checkout's built Kap. */
function dataDirWithLauncher(dir: string): string {
  const data = join(dir, 'data');
  writeLauncher(data, kapEntry);
  return data;
}

function runHookCommand(script: string, payload: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = execFile('sh', ['-c', script], { env: { ...process.env, ...env } }, (error, stdout) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, ms: Date.now() - started });
    });
    child.stdin!.end(payload);
  });
}

describe("Kap's hook command", () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  it('queues the payload, prints nothing, exits 0, and its drainer ships payload and transcript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-hookcmd-'));
    const transcript = join(dir, `${SESSION}.jsonl`);
    writeFileSync(transcript, `${JSON.stringify({ type: 'user', uuid: '11111111-2222-4333-8444-555555555555', sessionId: SESSION, message: { role: 'user', content: 'hello' } })}\n`);
    const env = { KAP_DATA_DIR: dataDirWithLauncher(dir), KAP_URL: kap.url, KAP_TOKEN: kap.token };
    const payload = JSON.stringify({ session_id: SESSION, transcript_path: transcript, cwd: dir, hook_event_name: 'UserPromptSubmit', prompt: 'hello' });

    const result = await runHookCommand(script, payload, env);
    expect(result).toMatchObject({ code: 0, stdout: '' });

    const deadline = Date.now() + 15_000;
    let summary = await kap.summary(SESSION);
    const inbox = join(dir, 'data', 'collector', 'inbox');
    // The drainer removes its inbox files once the ingest has answered, a moment after the append.
    while ((!summary || summary.prompts < 1 || summary.status !== 'running' || readdirSync(inbox).length > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      summary = await kap.summary(SESSION);
    }
    expect(summary).toMatchObject({ prompts: 1, lastPrompt: 'hello', status: 'running', cwd: dir });
    expect(readdirSync(inbox)).toEqual([]);
  });

  it('takes over the lock of a drainer that died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-hookcmd-'));
    const lock = join(dir, 'data', 'collector', 'drainer.lock');
    mkdirSync(lock, { recursive: true });
    writeFileSync(join(lock, 'pid'), '999999\n'); // no such process
    const env = { KAP_DATA_DIR: dataDirWithLauncher(dir), KAP_URL: kap.url, KAP_TOKEN: kap.token };
    const session = '9d0f1e2a-3b4c-4d5e-8f60-718293a4b5c6';
    await runHookCommand(script, JSON.stringify({ session_id: session, cwd: dir, hook_event_name: 'SessionStart', source: 'startup' }), env);
    const deadline = Date.now() + 15_000;
    let summary = await kap.summary(session);
    while (!summary && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      summary = await kap.summary(session);
    }
    expect(summary?.status).toBe('running');
  });

  it('names no path of the install: not node, not Kap, not this checkout', () => {
    expect(script).not.toContain(process.execPath);
    expect(script).not.toContain(resolve('.'));
    expect(script).not.toMatch(/main\.js/);
    expect(hookCommandScript({ setsid: true })).toBe(script);
  });

  it('a Kap that moved: the payload waits in the inbox (0600, 0700 dirs, even under umask 022), a trace is left, and it ships once Kap is found again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-hookcmd-'));
    const data = join(dir, 'data');
    writeLauncher(data, { node: process.execPath, main: join(dir, 'gone', 'dist', 'cli', 'main.js') });
    const env = { KAP_DATA_DIR: data, KAP_URL: kap.url, KAP_TOKEN: kap.token };
    const session = '4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const payload = JSON.stringify({ session_id: session, cwd: dir, hook_event_name: 'SessionStart', source: 'startup' });

    const result = await runHookCommand(`umask 022; ${script}`, payload, env);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    const inbox = join(data, 'collector', 'inbox');
    const waiting = readdirSync(inbox);
    expect(waiting).toHaveLength(1);
    expect(readFileSync(join(inbox, waiting[0]!), 'utf8')).toBe(payload);
    expect(statSync(join(inbox, waiting[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(inbox).mode & 0o777).toBe(0o700);
    expect(readKapMissing(data)?.tried).toBe(join(dir, 'gone', 'dist', 'cli', 'main.js'));
    expect(existsSync(join(data, 'collector', 'drainer.lock'))).toBe(false);

    // `kap hooks install` (or `kap serve`) run from where Kap is now rewrites the launcher; the next hook ships both.
    writeLauncher(data, kapEntry);
    expect(readKapMissing(data)).toBeUndefined();
    await runHookCommand(script, JSON.stringify({ session_id: session, cwd: dir, hook_event_name: 'UserPromptSubmit', prompt: 'again' }), env);
    // The stream shows the events as soon as the ingest appends them; the drainer removes the inbox files once
    // the ingest has answered, a moment later: wait for both.
    const deadline = Date.now() + 15_000;
    let types: string[] = [];
    while ((types.length < 2 || readdirSync(inbox).length > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      types = [];
      for await (const event of kap.store.readStream(sessionStream(session))) types.push(event.type);
    }
    expect(types).toEqual(['SessionStart', 'UserPromptSubmit']);
    expect(readdirSync(inbox)).toEqual([]);
  });

  it.each(['sh', 'bash'])('never overwrites a waiting entry whose name a reused pid would take (%s)', async (shell) => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-hookcmd-'));
    const data = join(dir, 'data');
    writeLauncher(data, { node: process.execPath, main: join(dir, 'gone.js') }); // no drainer: entries wait
    const inbox = join(data, 'collector', 'inbox');
    mkdirSync(inbox, { recursive: true });
    // What one run of the command, as the shell with pid $$, names its entry: hook-<pid>-0.json. Make every
    // name the next shells could take exist already by running the command with a fixed "pid" (an exported $$ stand-in).
    const fixed = script.replaceAll('$$', '4242');
    const run = (payload: string) =>
      new Promise<void>((done) => {
        const child = execFile(shell, ['-c', fixed], { env: { ...process.env, KAP_DATA_DIR: data } }, () => done());
        child.stdin!.end(payload);
      });
    await run('{"first":1}');
    await run('{"second":2}');
    await run('{"third":3}');
    const names = readdirSync(inbox).sort();
    expect(names).toEqual(['hook-4242-0.json', 'hook-4242-1.json', 'hook-4242-2.json']);
    expect(names.map((n) => readFileSync(join(inbox, n), 'utf8'))).toEqual(['{"first":1}', '{"second":2}', '{"third":3}']);
  });
});
