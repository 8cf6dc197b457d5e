/**
 * A hosted session captured like any other: a worktree from prepareWorkspace, Kap's hooks installed in it by
 * installHostHooks, one turn through the ClaudeCliRunner with the returned env, and a test Kap that ends up
 * with the session's summary (ended, in the worktree, on the branch, the Write counted). Needs the built
 * CLI (`dist/cli/main.js`, `npm test` builds it) for the collector's drainer.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hookCommandScript } from '../collector/hookCommandScript.js';
import { runnerEnv } from '../test/support/agentHost.js';
import { claudeBinary } from '../test/support/claudeCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import { createClaudeCliRunner } from './claudeCliRunner.js';
import { installHostHooks } from './hostHooks.js';
import { changedFiles, prepareWorkspace } from './workspaces.js';

const tmp = (prefix: string) => realpathSync(mkdtempSync(join(tmpdir(), prefix)));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, '-c', 'user.name=Kap Test', '-c', 'user.email=kap@example.com', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('installHostHooks', () => {
  const closing: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c.close();
  });

  it("captures a hosted turn in Kap through Kap's hooks in the worktree, and keeps the settings out of the changes", async () => {
    const repo = tmp('kap-hosthooks-repo-');
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), '# widgets\n');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-q', '-m', 'init');
    git(repo, 'branch', 'feature/notes');
    const ws = await prepareWorkspace({ reposRoot: tmp('kap-hosthooks-root-'), repos: { widgets: repo }, repo: 'widgets', branch: 'feature/notes', sessionKey: 'T1' });
    if (!ws.ok) throw new Error(ws.message);
    // Someone's own local settings stay.
    mkdirSync(join(ws.cwd, '.claude'));
    writeFileSync(join(ws.cwd, '.claude', 'settings.local.json'), JSON.stringify({ permissions: { allow: ['Bash(ls:*)'] } }));

    const api = await startScriptedMessagesApi({ main: [{ toolUses: [{ name: 'Write', input: { file_path: join(ws.cwd, 'NOTES.md'), content: 'notes\n' } }] }, { text: 'Noted.' }] });
    const kap = await startKapForTest();
    closing.push(api, kap);
    const hooks = await installHostHooks({
      cwd: ws.cwd,
      hookCommand: hookCommandScript({ setsid: true }),
      kapUrl: kap.url,
      kapToken: kap.token,
      kapDataDir: tmp('kap-hosthooks-collector-'),
    });
    const settings = JSON.parse(readFileSync(hooks.settingsPath, 'utf8'));
    expect(settings.permissions).toEqual({ allow: ['Bash(ls:*)'] });
    expect(Object.keys(settings.hooks)).toEqual(expect.arrayContaining(['SessionStart', 'PostToolUse', 'Stop', 'SessionEnd']));

    const runner = createClaudeCliRunner({ claudePath: claudeBinary(), env: runnerEnv(api.url, tmp('kap-hosthooks-home-')) });
    const result = await runner.runTurn({
      resume: null,
      cwd: ws.cwd,
      prompt: 'Write the notes',
      allowedTools: ['Write'],
      onPermission: async () => ({ behavior: 'deny', message: 'not asked in this test' }),
      env: hooks.env,
    });
    if (!result.ok) throw new Error(result.message);

    const summary = await kap.summaryWhen(result.sessionId, (s) => s.status === 'ended' && s.tools.Write === 1, 15_000);
    expect(summary).toMatchObject({ status: 'ended', cwd: ws.cwd, branch: 'feature/notes', tools: { Write: 1 }, lastPrompt: 'Write the notes' });
    expect(await changedFiles(ws.cwd)).toEqual(['NOTES.md']);
  });
});
