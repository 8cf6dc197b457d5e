/**
 * Where Claude Code keeps a session's transcript: `<HOME>/.claude/projects/<project dir>/<sessionId>.jsonl`,
 * subagents in `<project dir>/<sessionId>/subagents/agent-<id>.jsonl`. Observed on 2.1.197
 * (test/support/CLAUDE-CODE-OBSERVED.md, "Resuming a rebuilt transcript"):
 * - the project dir is named after the session's exact working directory (its real path; a git worktree and
 *   a repository's subfolder get their own), every UTF-16 unit outside `[A-Za-z0-9-]` becoming `-`;
 * - a name longer than 200 characters is cut to 200 and gets `-` + a hash of the working directory
 *   (`Math.abs` of the Java-style 32-bit string hash, base 36);
 * - `--resume <id>` looks only in the project dir of the cwd it runs in.
 */
import { join } from 'node:path';

const MAX_NAME = 200;

/** The project dir name for a working directory (an absolute real path). */
export function claudeProjectDirName(cwd: string): string {
  const name = cwd.replace(/[^A-Za-z0-9-]/g, '-');
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME)}-${Math.abs(stringHash(cwd)).toString(36)}`;
}

/** `<claudeHome>/.claude/projects/<project dir of cwd>`. */
export function claudeProjectDir(claudeHome: string, cwd: string): string {
  return join(claudeHome, '.claude', 'projects', claudeProjectDirName(cwd));
}

/** Java's `String.hashCode`, in 32-bit signed arithmetic, over UTF-16 units. */
function stringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
