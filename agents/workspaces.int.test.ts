/**
 * Worktrees per hosted session against real git repositories in temp dirs: a bare repository plays the
 * remote; the configured repository is either a clone of it on this machine (an absolute path) or its
 * `file://` URL (cloned by Kap into reposRoot).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { changedFiles, diffStat, prepareWorkspace, removeWorkspace } from './workspaces.js';

const tmp = (prefix: string) => realpathSync(mkdtempSync(join(tmpdir(), prefix)));
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, '-c', 'user.name=Kap Test', '-c', 'user.email=kap@example.com', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Commits `file` with `content` on the current branch of `cwd`. */
function commit(cwd: string, file: string, content: string): void {
  writeFileSync(join(cwd, file), content);
  git(cwd, 'add', file);
  git(cwd, 'commit', '-q', '-m', `${file}: ${content.trim()}`);
}

describe('prepareWorkspace', () => {
  let remote: string;
  let local: string;
  let reposRoot: string;
  let repos: Record<string, string>;

  beforeEach(() => {
    remote = join(tmp('kap-ws-remote-'), 'widgets.git');
    git(tmpdir(), 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = tmp('kap-ws-seed-');
    git(seed, 'clone', '-q', remote, '.');
    git(seed, 'checkout', '-q', '-b', 'main');
    commit(seed, 'README.md', '# widgets\n');
    git(seed, 'checkout', '-q', '-b', 'feature/login');
    commit(seed, 'login.ts', 'export const login = 1;\n');
    git(seed, 'push', '-q', 'origin', 'main', 'feature/login');
    local = tmp('kap-ws-local-');
    git(local, 'clone', '-q', remote, '.');
    reposRoot = join(tmp('kap-ws-root-'), 'repos');
    repos = { widgets: local, 'widgets-url': `file://${remote}` };
  });

  it('adds one worktree per session on the branch, reuses it, and refuses the same branch to a second session', async () => {
    const first = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 'C01/1700000000.000100' });
    expect(first).toMatchObject({ ok: true });
    if (!first.ok) return;
    expect(readFileSync(join(first.cwd, 'login.ts'), 'utf8')).toBe('export const login = 1;\n');
    expect(git(first.cwd, 'branch', '--show-current').trim()).toBe('feature/login');
    expect(git(first.cwd, 'rev-parse', '--abbrev-ref', '@{upstream}').trim()).toBe('origin/feature/login');

    const again = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 'C01/1700000000.000100' });
    expect(again).toEqual({ ok: true, cwd: first.cwd });

    const other = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 'C01/1700000000.000200' });
    expect(other).toEqual({ ok: false, reason: 'BRANCH_CHECKED_OUT', message: `branch feature/login is checked out in ${first.cwd}` });
    // The configured repository's own checkout holds main.
    const onMain = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'main', sessionKey: 'C01/1700000000.000300' });
    expect(onMain).toMatchObject({ ok: false, reason: 'BRANCH_CHECKED_OUT' });

    expect(await removeWorkspace({ reposRoot, repos, repo: 'widgets', sessionKey: 'C01/1700000000.000100' })).toEqual({ ok: true });
    expect(existsSync(first.cwd)).toBe(false);
    const freed = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 'C01/1700000000.000200' });
    expect(freed).toMatchObject({ ok: true });
  });

  it('fetches first: a branch pushed after the clone is found, and a stale local branch is fast-forwarded', async () => {
    git(local, 'branch', '-q', 'feature/login', 'origin/feature/login'); // a local copy, soon stale
    const pusher = tmp('kap-ws-pusher-');
    git(pusher, 'clone', '-q', '-b', 'feature/login', remote, '.');
    commit(pusher, 'login.ts', 'export const login = 2;\n');
    git(pusher, 'checkout', '-q', '-b', 'feature/new');
    commit(pusher, 'new.ts', 'new\n');
    git(pusher, 'push', '-q', 'origin', 'feature/login', 'feature/new');

    const fresh = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/new', sessionKey: 's1' });
    expect(fresh).toMatchObject({ ok: true });
    const forwarded = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 's2' });
    expect(forwarded).toMatchObject({ ok: true });
    if (forwarded.ok) expect(readFileSync(join(forwarded.cwd, 'login.ts'), 'utf8')).toBe('export const login = 2;\n');
  });

  it('clones a URL once into reposRoot, where every branch (main too) can have a worktree', async () => {
    const main = await prepareWorkspace({ reposRoot, repos, repo: 'widgets-url', branch: 'main', sessionKey: 'a' });
    const login = await prepareWorkspace({ reposRoot, repos, repo: 'widgets-url', branch: 'feature/login', sessionKey: 'b' });
    expect(main).toMatchObject({ ok: true, cwd: expect.stringContaining(join('repos', 'worktrees', 'widgets-url', 'a')) });
    expect(login).toMatchObject({ ok: true });
    if (!main.ok || !login.ok) return;
    expect(readFileSync(join(main.cwd, 'README.md'), 'utf8')).toBe('# widgets\n');
    expect(existsSync(join(main.cwd, 'login.ts'))).toBe(false);
    expect(existsSync(join(login.cwd, 'login.ts'))).toBe(true);
    expect(git(join(realpathSync(reposRoot), 'clones', 'widgets-url'), 'worktree', 'list').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('BRANCH_NOT_FOUND for a branch that is neither local nor pushed', async () => {
    const result = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/only-on-my-laptop', sessionKey: 's' });
    expect(result).toEqual({
      ok: false,
      reason: 'BRANCH_NOT_FOUND',
      message: 'branch feature/only-on-my-laptop is not in the repository or on origin: has it been pushed?',
    });
    const invalid = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: '--force', sessionKey: 's' });
    expect(invalid).toMatchObject({ ok: false, reason: 'BRANCH_NOT_FOUND' });
  });

  it('REPO_NOT_CONFIGURED for a repository not in the configuration; GIT_FAILED for a URL that does not clone', async () => {
    expect(await prepareWorkspace({ reposRoot, repos, repo: 'gadgets', branch: 'main', sessionKey: 's' })).toEqual({
      ok: false,
      reason: 'REPO_NOT_CONFIGURED',
      message: 'repository gadgets is not configured (configured: widgets, widgets-url)',
    });
    const broken = await prepareWorkspace({ reposRoot, repos: { gone: `file://${remote}-missing` }, repo: 'gone', branch: 'main', sessionKey: 's' });
    expect(broken).toMatchObject({ ok: false, reason: 'GIT_FAILED', message: expect.stringContaining('git clone') });
  });

  it('diffStat and changedFiles show an edit, a staged file and a new file', async () => {
    const ws = await prepareWorkspace({ reposRoot, repos, repo: 'widgets', branch: 'feature/login', sessionKey: 's' });
    if (!ws.ok) throw new Error(ws.message);
    expect(await diffStat(ws.cwd)).toBe('');
    expect(await changedFiles(ws.cwd)).toEqual([]);
    writeFileSync(join(ws.cwd, 'login.ts'), 'export const login = 3;\nexport const logout = 4;\n');
    writeFileSync(join(ws.cwd, 'staged.ts'), 'x\n');
    git(ws.cwd, 'add', 'staged.ts');
    writeFileSync(join(ws.cwd, 'notes with space.md'), 'n\n');
    expect(await diffStat(ws.cwd)).toBe(' login.ts  | 3 ++-\n staged.ts | 1 +\n 2 files changed, 3 insertions(+), 1 deletion(-)\n');
    expect((await changedFiles(ws.cwd)).sort()).toEqual(['login.ts', 'notes with space.md', 'staged.ts']);
  });
});
