/**
 * Where a session runs, read from git in its cwd: `owner/name` of the `origin` remote, the branch, the git
 * user, the OS user and the host name (who owns the session: access/sessionAccess.ts). Any part git or the
 * OS cannot tell is null; this never throws.
 */
import { execFile } from 'node:child_process';
import { homedir, hostname, userInfo } from 'node:os';
import type { SessionContext } from '../events/ingestBatch.js';

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-C', cwd, ...args], { timeout: 2000, windowsHide: true }, (error, stdout) => {
      const text = error ? '' : stdout.trim();
      resolve(text.length > 0 ? text : null);
    });
  });
}

/**
 * `owner/name` from a remote URL: `https://host/owner/name(.git)`, `git@host:owner/name(.git)`,
 * `ssh://git@host(:port)/owner/name(.git)`. A local origin is a repository too (a clone of a path, as Kap's
 * agent host makes them): `/srv/git/acme/app.git` or `file:///srv/git/acme/app.git` is `acme/app`, `/app.git`
 * is `app` (the last path segment without `.git`, with the one before it as owner when there is one). Null
 * for anything else.
 */
export function repoFromRemote(url: string | null): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  const local = /^(?:file:\/\/[^/]*)?((?:\.{1,2})?\/.*)$/.exec(trimmed);
  if (local) {
    const parts = local[1]!.replace(/\.git\/?$/, '').split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
    return parts.length > 0 ? parts.slice(-2).join('/') : null;
  }
  const match = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?[^/]+\/|[^@/:]+@[^:]+:)(.+?)(?:\.git)?\/?$/.exec(trimmed);
  if (!match) return null;
  const parts = match[1]!.split('/').filter(Boolean);
  return parts.length >= 2 ? parts.slice(-2).join('/') : null;
}

/** Reads the session context for `cwd`: two git processes (the drainer's spawns are CPU taken from the agent). */
export async function readGitContext(cwd: string | undefined): Promise<SessionContext> {
  const host = hostname();
  const osUser = osUserName();
  if (!cwd) return { repo: null, branch: null, gitUser: null, host, osUser };
  const [config, branch] = await Promise.all([
    git(cwd, ['config', '--get-regexp', '^(remote\\.origin\\.url|user\\.name|user\\.email)$']),
    git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']),
  ]);
  const values = configValues(config);
  const name = values.get('user.name') ?? null;
  const email = values.get('user.email') ?? null;
  const gitUser = name && email ? `${name} <${email}>` : (name ?? email);
  return { repo: repoFromRemote(values.get('remote.origin.url') ?? null), branch: branch === 'HEAD' ? null : branch, gitUser, host, osUser };
}

/**
 * Who runs this machine, for what carries no cwd of its own (`kap import`'s history, `kap link`): the git
 * user of the global configuration (`git config` run in the home directory), the OS user and the host.
 */
export async function readMachineIdentity(): Promise<{ gitUser: string | null; email: string | null; osUser: string | null; host: string }> {
  const config = await git(homedir(), ['config', '--get-regexp', '^user\\.(name|email)$']);
  const values = configValues(config);
  const name = values.get('user.name') ?? null;
  const email = values.get('user.email') ?? null;
  return { gitUser: name && email ? `${name} <${email}>` : (name ?? email), email, osUser: osUserName(), host: hostname() };
}

/** The OS user name, or null where the OS has none for this uid (a container's arbitrary uid). */
export function osUserName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/** `git config --get-regexp` output (`<key> <value>` per line, the last of a repeated key wins) as a Map. */
export function configValues(output: string | null): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of (output ?? '').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trim()) values.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  return values;
}

/**
 * `readGitContext` remembered per cwd for `ttlMs` (default 10 s): a drainer ships many times in a burst, and
 * four git processes per shipment would compete with the agent for CPU. A branch switch shows up within ttl.
 */
export function cachedGitContext(ttlMs = 10_000, now: () => number = Date.now): (cwd: string | undefined) => Promise<SessionContext> {
  const cache = new Map<string, { at: number; context: Promise<SessionContext> }>();
  return (cwd) => {
    const key = cwd ?? '';
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.context;
    const context = readGitContext(cwd);
    cache.set(key, { at: now(), context });
    return context;
  };
}
