/**
 * Running `git` for the agent host: one call, its output or git's own words on failure. Never prompts:
 * stdin is closed and `core.askPass=true` answers any credential prompt with nothing, so a private remote
 * without credentials fails fast instead of hanging a hosted session.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

export type GitOutcome = { ok: true; stdout: string } | { ok: false; message: string };

/** Default limit for one git call, in ms (a fetch or clone of a big repository takes a while). */
const GIT_TIMEOUT_MS = 10 * 60_000;

/** Runs `git -C <cwd> <args>`; `ok: false` carries git's stderr (or the spawn error). */
export function git(cwd: string, args: readonly string[], timeoutMs = GIT_TIMEOUT_MS): Promise<GitOutcome> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['-C', cwd, '-c', 'core.askPass=true', ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ ok: true, stdout });
        const said = stderr.trim() || stdout.trim() || error.message;
        resolve({ ok: false, message: `git ${args.join(' ')}: ${said}` });
      },
    );
    child.stdin?.end();
  });
}

/** Like `git`, but a failure throws an Error with git's message (for calls that fail only when something is broken). */
export async function gitOrThrow(cwd: string, args: readonly string[]): Promise<string> {
  const outcome = await git(cwd, args);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.stdout;
}

/**
 * Adds `pattern` to the repository's `info/exclude` (shared by all its worktrees) unless it is there, so a
 * file Kap writes into a working copy is neither listed as changed nor committed by the agent.
 * Does nothing when `cwd` is not in a git repository.
 */
export async function excludeFromGit(cwd: string, pattern: string): Promise<void> {
  const path = await git(cwd, ['rev-parse', '--git-path', 'info/exclude']);
  if (!path.ok) return;
  const relative = path.stdout.trim();
  const file = isAbsolute(relative) ? relative : join(cwd, relative);
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current.split('\n').includes(pattern)) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}
