/**
 * Runs the real Claude Code CLI (`node_modules/.bin/claude`) in print mode against a scripted
 * Messages API (see scriptedMessagesApi.ts), with an isolated HOME.
 *
 * `runClaude({ cwd, prompt, apiUrl, home, allowedTools })` spawns
 *   claude -p <prompt> --output-format json --allowedTools <list> [--resume <id>] [...extraArgs]
 * with stdin ignored and env ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY=test,
 * CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, DISABLE_TELEMETRY=1, HOME=<home>, and resolves with
 * `{ exitCode, stdout, stderr, result, sessionId, durationMs }` once the process exits.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunClaudeOptions {
  /** Working directory of the session (tools run here; project settings come from `<cwd>/.claude`). */
  cwd: string;
  prompt: string;
  /** Base URL of the scripted API, e.g. `http://127.0.0.1:43121`. */
  apiUrl: string;
  /** Isolated HOME: transcripts land in `<home>/.claude/projects`, user settings in `<home>/.claude`. */
  home: string;
  /** Session id to continue (`--resume`). */
  resume?: string;
  /** Tools allowed without a prompt, e.g. `['Bash', 'Write', 'Agent']` (joined with commas). */
  allowedTools: string[];
  extraArgs?: string[];
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** Kill the process (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
}

/** The `--output-format json` result object (fields used by tests; others pass through). */
export interface ClaudeJsonResult {
  type: string;
  subtype: string;
  is_error: boolean;
  result?: string;
  session_id: string;
  num_turns: number;
  total_cost_usd?: number;
  usage?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface RunClaudeResult {
  /** Exit code, or null when killed by a signal (e.g. the timeout). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Parsed stdout when it is JSON. */
  result: ClaudeJsonResult | undefined;
  /** `result.session_id`, when present. */
  sessionId: string | undefined;
  durationMs: number;
  timedOut: boolean;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** Absolute path of the pinned `claude` binary (`<repo>/node_modules/.bin/claude`). */
export function claudeBinary(): string {
  const bin = join(here, '..', '..', 'node_modules', '.bin', 'claude');
  if (!existsSync(bin)) throw new Error(`claude binary not found at ${bin}: run npm install`);
  return bin;
}

/**
 * The project directory name Claude Code uses for a cwd: every character other than
 * `[A-Za-z0-9-]` becomes `-` (so `/tmp/kap.x_y` → `-tmp-kap-x-y`).
 */
export function projectDirName(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9-]/g, '-');
}

/** `<home>/.claude/projects/<projectDirName(cwd)>/<sessionId>.jsonl`. */
export function transcriptPath(home: string, cwd: string, sessionId: string): string {
  return join(home, '.claude', 'projects', projectDirName(cwd), `${sessionId}.jsonl`);
}

/** `<home>/.claude/projects/<projectDirName(cwd)>/<sessionId>/subagents` (agent-<id>.jsonl files). */
export function subagentsDir(home: string, cwd: string, sessionId: string): string {
  return join(home, '.claude', 'projects', projectDirName(cwd), sessionId, 'subagents');
}

/** The environment a scripted run gets (on top of PATH etc. from this process). */
export function claudeEnv(apiUrl: string, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Never let a real key, config dir or an outer Claude Code session leak into the child.
  for (const key of Object.keys(env)) {
    if (key.startsWith('ANTHROPIC_') || key.startsWith('CLAUDE') || key.startsWith('CLAUDECODE')) delete env[key];
  }
  return {
    ...env,
    HOME: home,
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    ...extra,
  };
}

/** The argument vector for one run. */
export function claudeArgs(opts: Pick<RunClaudeOptions, 'prompt' | 'resume' | 'allowedTools' | 'extraArgs'>): string[] {
  const args = ['-p', opts.prompt, '--output-format', 'json', '--allowedTools', opts.allowedTools.join(',')];
  if (opts.resume !== undefined) args.push('--resume', opts.resume);
  return [...args, ...(opts.extraArgs ?? [])];
}

/**
 * Spawn the real CLI and wait for it to exit. Never rejects for a non-zero exit.
 * Resolves when stdout/stderr close, or 2 s after the process exits if a detached grandchild (e.g. a
 * backgrounded hook) still holds them open.
 */
export function runClaude(opts: RunClaudeOptions): Promise<RunClaudeResult> {
  const started = Date.now();
  const child = spawn(claudeBinary(), claudeArgs(opts), {
    cwd: opts.cwd,
    env: claudeEnv(opts.apiUrl, opts.home, opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const killTimer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (code: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      const result = parseResult(stdout);
      resolve({ exitCode: code, stdout, stderr, result, sessionId: result?.session_id, durationMs: Date.now() - started, timedOut });
    };
    child.once('error', (err) => {
      clearTimeout(killTimer);
      reject(err);
    });
    child.once('exit', (code) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, 2000).unref();
    });
    child.once('close', (code) => finish(code));
  });
}

/** Parse a JSONL file (a transcript) into its lines' objects; blank lines are skipped. */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function parseResult(stdout: string): ClaudeJsonResult | undefined {
  const text = stdout.trim();
  if (text.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ClaudeJsonResult) : undefined;
  } catch {
    return undefined;
  }
}
