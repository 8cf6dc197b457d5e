/**
 * Kap's hooks never change what Claude Code does: with `kap hooks install` in both the user's and the project's
 * settings, the real `claude -p --worktree <name>` still creates its git worktree and runs the session there
 * (a hook on WorktreeCreate would replace Claude Code's own `git worktree add`, and one that prints nothing makes
 * the run fail: the control case below shows that this test sees it), and the session is captured.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude } from '../support/claudeCli.js';
import { startKapForTest } from '../support/kapHarness.js';
import type { KapUnderTest } from '../support/kapHarness.js';
import { startScriptedMessagesApi } from '../support/scriptedMessagesApi.js';

const run = promisify(execFile);
const KAP = resolve('dist/cli/main.js');

async function repoWithCommit(): Promise<string> {
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-wt-repo-')));
  const git = (...args: string[]) => run('git', ['-C', cwd, ...args]);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Jordan Lee');
  await git('config', 'user.email', 'jordan@example.com');
  writeFileSync(join(cwd, 'README.md'), '# widgets\n');
  await git('add', 'README.md');
  await git('commit', '-q', '-m', 'init');
  return cwd;
}

async function worktrees(cwd: string): Promise<string[]> {
  const { stdout } = await run('git', ['-C', cwd, 'worktree', 'list', '--porcelain']);
  return stdout.split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice('worktree '.length));
}

describe('claude --worktree with Kap installed', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  async function runInWorktree(cwd: string, home: string, dataDir: string) {
    const api = await startScriptedMessagesApi({ main: [{ text: 'Ready in the worktree.' }] });
    try {
      return await runClaude({
        cwd,
        home,
        prompt: 'Say where you are',
        apiUrl: api.url,
        allowedTools: ['Read'],
        extraArgs: ['--worktree', 'fix-add'],
        env: { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: dataDir },
      });
    } finally {
      await api.close();
    }
  }

  it("creates the worktree and captures the session with Kap's hooks in user and project settings", async () => {
    const cwd = await repoWithCommit();
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-wt-home-')));
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-wt-data-'));
    const env = { ...process.env, HOME: home, KAP_DATA_DIR: dataDir };
    await run(process.execPath, [KAP, 'hooks', 'install', '--user'], { env, cwd });
    await run(process.execPath, [KAP, 'hooks', 'install', '--project'], { env, cwd });
    for (const file of [join(home, '.claude', 'settings.json'), join(cwd, '.claude', 'settings.json')]) {
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).hooks)).toContain('SessionStart');
    }

    const result = await runInWorktree(cwd, home, dataDir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.result?.result).toBe('Ready in the worktree.');
    const trees = await worktrees(cwd);
    expect(trees).toHaveLength(2);
    expect(trees[1]).toMatch(/fix-add$/);

    const summary = await kap.summaryWhen(result.sessionId!, (s) => s.status === 'ended', 20_000);
    expect(summary).toMatchObject({ status: 'ended', prompts: 1, cwd: trees[1] });
  });

  it('control: a hook on WorktreeCreate that prints nothing breaks the same run (what Kap must never install)', async () => {
    const cwd = await repoWithCommit();
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-wt-home-')));
    mkdirSync(join(cwd, '.claude'));
    writeFileSync(join(cwd, '.claude', 'settings.json'), JSON.stringify({ hooks: { WorktreeCreate: [{ hooks: [{ type: 'command', command: 'exit 0' }] }] } }));
    const result = await runInWorktree(cwd, home, mkdtempSync(join(tmpdir(), 'kap-wt-data-')));
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/worktree path/i);
    expect(await worktrees(cwd)).toHaveLength(1);
  });
});
