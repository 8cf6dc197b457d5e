/**
 * Working copies for hosted sessions: one `git worktree` per session, on the session's branch, from a
 * configured repository.
 *
 * A configured repository is an absolute path (a repository on this machine, used in place: the worktrees
 * are added to it) or a clone URL (`https://…`, `git@host:…`, `file://…`), cloned once into
 * `<reposRoot>/clones/<repo>` with no checkout and a detached HEAD, so that every branch can be checked out
 * in a worktree. Worktrees live in `<reposRoot>/worktrees/<repo>/<sessionKey>` (unsafe characters become
 * `-`, plus a hash when any did). Before a new worktree the repository's remote (`origin`, else the first) is
 * fetched, and a local branch behind the remote's is fast-forwarded when no worktree has it checked out.
 *
 * Git allows a branch to be checked out in one worktree at a time: a branch checked out elsewhere (another
 * session's worktree, or the configured repository's own working tree) is `BRANCH_CHECKED_OUT`.
 * Calls on one repository are serialised within this process (not across processes).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, realpath, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { git, gitOrThrow } from './git.js';

export interface WorkspaceRequest {
  /** Where clones and worktrees go. */
  reposRoot: string;
  /** Configured repositories: name → absolute path or clone URL. */
  repos: Record<string, string>;
  /** The session's repository (a key of `repos`). */
  repo: string;
  /** The session's branch, e.g. `feature/login`. */
  branch: string;
  /** What identifies the hosted session (e.g. its Slack thread); one worktree per key. */
  sessionKey: string;
}

export type WorkspaceFailure = {
  ok: false;
  reason: 'REPO_NOT_CONFIGURED' | 'BRANCH_NOT_FOUND' | 'BRANCH_CHECKED_OUT' | 'GIT_FAILED';
  message: string;
};

export type PrepareWorkspaceResult = { ok: true; cwd: string } | WorkspaceFailure;

/**
 * The session's worktree, created on first use and reused after (whatever branch it is on by then).
 * - `REPO_NOT_CONFIGURED`: `repo` is not a key of `repos`.
 * - `BRANCH_NOT_FOUND`: the branch is neither in the repository nor on its remote (not pushed), or is not
 *   a valid branch name.
 * - `BRANCH_CHECKED_OUT`: another worktree has the branch checked out (the message says where).
 * - `GIT_FAILED`: clone, fetch or worktree creation failed (git's message).
 */
export async function prepareWorkspace(request: WorkspaceRequest): Promise<PrepareWorkspaceResult> {
  const source = Object.hasOwn(request.repos, request.repo) ? request.repos[request.repo] : undefined;
  if (typeof source !== 'string') return notConfigured(request);
  await mkdir(request.reposRoot, { recursive: true });
  const root = await realpath(request.reposRoot);
  return serialised(repoDir(root, request.repo, source), async () => {
    const repoPath = await ensureRepository(root, request.repo, source);
    if (!repoPath.ok) return repoPath;
    const cwd = worktreePath(root, request.repo, request.sessionKey);
    await git(repoPath.path, ['worktree', 'prune']);
    const worktrees = await listWorktrees(repoPath.path);
    if (!worktrees.ok) return gitFailed(worktrees.message);
    if (existsSync(cwd) && worktrees.list.some((w) => w.path === cwd)) return { ok: true, cwd };
    return addWorktree(repoPath.path, cwd, request.branch, worktrees.list);
  });
}

export type RemoveWorkspaceResult = { ok: true } | { ok: false; reason: 'REPO_NOT_CONFIGURED' | 'GIT_FAILED'; message: string };

/** Removes the session's worktree (uncommitted changes included); its branch stays. A missing worktree is ok. */
export async function removeWorkspace(request: Omit<WorkspaceRequest, 'branch'>): Promise<RemoveWorkspaceResult> {
  const source = Object.hasOwn(request.repos, request.repo) ? request.repos[request.repo] : undefined;
  if (typeof source !== 'string') return notConfigured(request);
  if (!existsSync(request.reposRoot)) return { ok: true };
  const root = await realpath(request.reposRoot);
  const repoPath = repoDir(root, request.repo, source);
  const cwd = worktreePath(root, request.repo, request.sessionKey);
  return serialised(repoPath, async () => {
    if (!existsSync(repoPath)) return { ok: true };
    if (existsSync(cwd)) {
      const removed = await git(repoPath, ['worktree', 'remove', '--force', cwd]);
      if (!removed.ok) return { ok: false, reason: 'GIT_FAILED', message: removed.message };
    }
    await git(repoPath, ['worktree', 'prune']);
    return { ok: true };
  });
}

/** `git diff --stat HEAD` in the worktree: tracked files changed since the last commit (staged or not). Throws if git fails. */
export async function diffStat(cwd: string): Promise<string> {
  return gitOrThrow(cwd, ['diff', '--stat', 'HEAD']);
}

/**
 * Paths (relative to the worktree) that differ from the last commit: modified, staged, deleted and untracked
 * files (ignored ones excepted); a rename gives its new path. From `git status --porcelain=v1 -z`. Throws if git fails.
 */
export async function changedFiles(cwd: string): Promise<string[]> {
  const out = await gitOrThrow(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const fields = out.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // the next field is the old path
  }
  return paths;
}

/** `<root>/worktrees/<repo>/<sessionKey>`, both names made path-safe (`root`: reposRoot, real path). */
function worktreePath(root: string, repo: string, sessionKey: string): string {
  return join(root, 'worktrees', safeName(repo), safeName(sessionKey));
}

function repoDir(root: string, repo: string, source: string): string {
  return isAbsolute(source) ? source : join(root, 'clones', safeName(repo));
}

/** The repository to add worktrees to, cloned first when it is a URL not cloned yet. */
async function ensureRepository(reposRoot: string, repo: string, source: string): Promise<{ ok: true; path: string } | WorkspaceFailure> {
  const path = repoDir(reposRoot, repo, source);
  if (isAbsolute(source) || existsSync(path)) {
    const check = await git(path, ['rev-parse', '--git-dir']);
    return check.ok ? { ok: true, path } : gitFailed(`${repo} (${path}) is not a git repository: ${check.message}`);
  }
  await mkdir(dirname(path), { recursive: true });
  // Unique per clone: worker replicas (each pid 1 in its container) may share the volume.
  const temp = `${path}.cloning-${randomUUID()}`;
  const cloned = await git(dirname(path), ['clone', '--no-checkout', '--', source, temp]);
  if (!cloned.ok) return gitFailed(cloned.message);
  // Detach HEAD and drop the default branch, so no branch counts as checked out in the clone itself.
  const head = await git(temp, ['symbolic-ref', '--quiet', 'HEAD']);
  const detached = await git(temp, ['update-ref', '--no-deref', 'HEAD', 'HEAD']);
  if (!detached.ok) return gitFailed(detached.message);
  if (head.ok) await git(temp, ['update-ref', '-d', head.stdout.trim()]);
  try {
    await rename(temp, path);
  } catch (error) {
    // Another worker's clone got there first: use it.
    await rm(temp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  }
  return { ok: true, path };
}

interface Worktree {
  path: string;
  /** `refs/heads/<branch>`, or null when detached. */
  branchRef: string | null;
}

async function listWorktrees(repoPath: string): Promise<{ ok: true; list: Worktree[] } | { ok: false; message: string }> {
  const out = await git(repoPath, ['worktree', 'list', '--porcelain']);
  if (!out.ok) return out;
  const list: Worktree[] = [];
  for (const block of out.stdout.split('\n\n')) {
    const lines = block.split('\n');
    const path = lines.find((l) => l.startsWith('worktree '))?.slice('worktree '.length);
    if (path === undefined) continue;
    const branchRef = lines.find((l) => l.startsWith('branch '))?.slice('branch '.length) ?? null;
    list.push({ path: await realpath(path).catch(() => path), branchRef });
  }
  return { ok: true, list };
}

async function addWorktree(repoPath: string, cwd: string, branch: string, worktrees: Worktree[]): Promise<PrepareWorkspaceResult> {
  const valid = await git(repoPath, ['check-ref-format', '--branch', branch]);
  if (!valid.ok || branch.startsWith('-')) return { ok: false, reason: 'BRANCH_NOT_FOUND', message: `${JSON.stringify(branch)} is not a valid branch name` };
  const remote = await remoteName(repoPath);
  if (remote !== null) {
    const fetched = await git(repoPath, ['fetch', '--prune', '--', remote]);
    if (!fetched.ok) return gitFailed(fetched.message);
  }
  const local = await commitOf(repoPath, `refs/heads/${branch}`);
  const remoteTip = remote === null ? null : await commitOf(repoPath, `refs/remotes/${remote}/${branch}`);
  if (local === null && remoteTip === null) {
    const where = remote === null ? 'in the repository' : `in the repository or on ${remote}`;
    return { ok: false, reason: 'BRANCH_NOT_FOUND', message: `branch ${branch} is not ${where}: has it been pushed?` };
  }
  const holder = worktrees.find((w) => w.branchRef === `refs/heads/${branch}`);
  if (holder !== undefined) return { ok: false, reason: 'BRANCH_CHECKED_OUT', message: `branch ${branch} is checked out in ${holder.path}` };
  await mkdir(dirname(cwd), { recursive: true });
  let added;
  if (local === null) {
    added = await git(repoPath, ['worktree', 'add', '--track', '-b', branch, cwd, `${remote}/${branch}`]);
  } else {
    if (remoteTip !== null && remoteTip !== local && (await git(repoPath, ['merge-base', '--is-ancestor', local, remoteTip])).ok) {
      const forwarded = await git(repoPath, ['update-ref', `refs/heads/${branch}`, remoteTip, local]);
      if (!forwarded.ok) return gitFailed(forwarded.message);
    }
    added = await git(repoPath, ['worktree', 'add', cwd, branch]);
  }
  return added.ok ? { ok: true, cwd } : gitFailed(added.message);
}

async function remoteName(repoPath: string): Promise<string | null> {
  const out = await git(repoPath, ['remote']);
  const names = out.ok ? out.stdout.split('\n').filter((n) => n.length > 0) : [];
  return names.includes('origin') ? 'origin' : (names[0] ?? null);
}

async function commitOf(repoPath: string, ref: string): Promise<string | null> {
  const out = await git(repoPath, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out.ok ? out.stdout.trim() : null;
}

function notConfigured(request: { repo: string; repos: Record<string, string> }): WorkspaceFailure & { reason: 'REPO_NOT_CONFIGURED' } {
  const known = Object.keys(request.repos);
  return { ok: false, reason: 'REPO_NOT_CONFIGURED', message: `repository ${request.repo} is not configured${known.length > 0 ? ` (configured: ${known.join(', ')})` : ''}` };
}

function gitFailed(message: string): WorkspaceFailure {
  return { ok: false, reason: 'GIT_FAILED', message };
}

/** Path-safe: `[A-Za-z0-9._-]` kept, anything else `-`, and a hash of the original when anything changed. */
function safeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '-');
  return safe === name && safe.length > 0 ? safe : `${safe}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after the previous task on the same key has settled. */
function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}
