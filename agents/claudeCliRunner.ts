/**
 * The AgentRunner adapter for the Claude Code CLI: one `claude` process per turn, driven over the stream-json
 * protocol (streamJsonProtocol.ts) the way the Claude Agent SDK drives it:
 *
 *   claude -p --input-format stream-json --output-format stream-json --verbose --permission-prompt-tool stdio
 *          [--allowedTools <a,b>] [--permission-mode <mode>] [--resume <sessionId>]
 *
 * The turn: write the prompt, answer each `can_use_tool` request through `onPermission`, read the `result`,
 * then close stdin so the session ends the way a finished session does (Claude Code 2.1.197 runs the
 * SessionEnd hooks before it exits; test/support/CLAUDE-CODE-OBSERVED.md). The turn resolves once the
 * process has exited, so the next turn's `--resume` never races this one on the transcript.
 *
 * A stop (the request's signal) sends the `interrupt` control request: claude ends the turn with a result and
 * exits when stdin closes. SIGINT is not used: claude then exits at once without a result.
 *
 * The process runs in a process group of its own (`detached`), so a kill (time limit; no result within the
 * grace after a stop or after stdin closed) takes its tool processes (a Bash `sleep`) with it, and once it
 * has exited whatever it left in its group is killed too. Claude Code runs each hook in a group of its own,
 * so Kap's collector (which detaches itself anyway) is not touched.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { AgentRunner, TurnRequest, TurnResult } from './agentRunner.js';
import type { ClaudeOutput } from './streamJsonProtocol.js';
import { decodeClaudeLine, encodeControlError, encodeInterrupt, encodePermissionAnswer, encodePrompt } from './streamJsonProtocol.js';
import type { TurnObservation } from './turnOutcome.js';
import { turnOutcome } from './turnOutcome.js';

export interface ClaudeCliRunnerOptions {
  /** Absolute path of the `claude` binary. */
  claudePath: string;
  /**
   * The child's whole base environment; nothing is inherited from this process. Needs PATH and HOME (Claude
   * Code's config and transcripts live in `$HOME/.claude`) and the API's settings (`ANTHROPIC_API_KEY`,
   * `ANTHROPIC_BASE_URL`, …). A turn's `env` is added on top.
   */
  env: Record<string, string>;
  /** A turn still running after this long (ms) is killed: a `CLAUDE_FAILED` result. Default 30 min. */
  timeoutMs?: number;
  /** After a stop, how long (ms) claude gets to end the turn before it is killed. Default 10 s. */
  interruptGraceMs?: number;
  /** After the result (stdin closed), how long (ms) claude gets to run its SessionEnd hooks and exit. Default 30 s. */
  exitGraceMs?: number;
}

/** The argument vector for one turn. */
export function claudeCliArgs(request: Pick<TurnRequest, 'resume' | 'allowedTools' | 'permissionMode'>): string[] {
  const args = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--permission-prompt-tool', 'stdio'];
  if (request.allowedTools.length > 0) args.push('--allowedTools', request.allowedTools.join(','));
  if (request.permissionMode !== undefined) args.push('--permission-mode', request.permissionMode);
  if (request.resume !== null) args.push('--resume', request.resume);
  return args;
}

/** A session id or title `--resume` can take without being read as an option. */
const RESUMABLE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function createClaudeCliRunner(options: ClaudeCliRunnerOptions): AgentRunner {
  return { runTurn: (request) => runTurn(options, request) };
}

async function runTurn(options: ClaudeCliRunnerOptions, request: TurnRequest): Promise<TurnResult> {
  if (request.resume !== null && !RESUMABLE.test(request.resume)) {
    return { ok: false, reason: 'RESUME_NOT_FOUND', message: `not a session id: ${JSON.stringify(request.resume)}`, sessionId: request.resume };
  }
  if (request.signal?.aborted) return { ok: false, reason: 'INTERRUPTED', message: 'stopped before the turn started', sessionId: request.resume };
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const seen: TurnObservation = {
    resume: request.resume,
    initSeen: false,
    sessionId: null,
    result: null,
    texts: [],
    interruptSent: false,
    killedFor: null,
    timeoutMs,
    exitCode: null,
    exitSignal: null,
    stderr: '',
    spawnError: null,
  };
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(options.claudePath, claudeCliArgs(request), {
      cwd: request.cwd,
      env: { ...options.env, ...request.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
  } catch (error) {
    return turnOutcome({ ...seen, spawnError: String(error) });
  }
  const turn = new TurnProcess(child, request, seen);
  const timer = setTimeout(() => turn.kill('timeout'), timeoutMs);
  const onAbort = () => turn.interrupt(options.interruptGraceMs ?? 10_000, options.exitGraceMs ?? 30_000);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  turn.onResult = () => turn.endInput(options.exitGraceMs ?? 30_000);
  try {
    await turn.exited;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    turn.cleanUp();
  }
  return turnOutcome(seen);
}

/** One running `claude` process and what it has said so far (written into `seen`). */
class TurnProcess {
  readonly exited: Promise<void>;
  onResult: () => void = () => {};
  private readonly asks = new Map<string, AbortController>();
  private readonly timers: NodeJS.Timeout[] = [];
  private inputOpen = true;
  private gone = false;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly request: TurnRequest,
    private readonly seen: TurnObservation,
  ) {
    child.stdin.on('error', () => {}); // claude gone: nothing more to say
    child.stderr.setEncoding('utf8').on('data', (s: string) => (seen.stderr = (seen.stderr + s).slice(-16_384)));
    createInterface({ input: child.stdout }).on('line', (line) => this.handle(decodeClaudeLine(line)));
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        seen.spawnError ??= String(error);
        this.gone = true;
        resolve();
      });
      // 'close' comes after stdout is drained; a grandchild holding stdout open must not hold the turn.
      child.once('exit', (code, signal) => {
        this.gone = true;
        seen.exitCode = code;
        seen.exitSignal = signal;
        this.timers.push(
          setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
          }, 2000),
        );
      });
      child.once('close', () => resolve());
    });
    this.write(encodePrompt(request.prompt));
  }

  /** Sends the `interrupt` control request, then kills the process if no result comes within `graceMs`. */
  interrupt(graceMs: number, exitGraceMs: number): void {
    if (this.gone || this.seen.result !== null || this.seen.interruptSent) return;
    this.seen.interruptSent = true;
    this.write(encodeInterrupt(`kap-interrupt-${randomUUID()}`));
    this.timers.push(setTimeout(() => (this.seen.result === null ? this.kill('interrupt') : this.endInput(exitGraceMs)), graceMs));
  }

  /** Closes stdin (the session ends once the turn is done) and kills the process if it has not exited after `graceMs`. */
  endInput(graceMs: number): void {
    if (!this.inputOpen) return;
    this.inputOpen = false;
    this.child.stdin.end();
    this.timers.push(setTimeout(() => this.kill(null), graceMs));
  }

  /** SIGKILL to the process group. */
  kill(reason: TurnObservation['killedFor']): void {
    if (this.gone) return;
    this.seen.killedFor ??= reason;
    this.killGroup();
  }

  cleanUp(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const ask of this.asks.values()) ask.abort();
    this.asks.clear();
    this.killGroup(); // whatever the turn left running in its group
  }

  private killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // ESRCH: nothing left in the group
    }
  }

  private write(text: string): void {
    if (this.inputOpen && !this.gone) this.child.stdin.write(text);
  }

  private handle(output: ClaudeOutput): void {
    const seen = this.seen;
    switch (output.kind) {
      case 'init':
        if (!seen.initSeen) this.request.onSessionId?.(output.sessionId);
        seen.initSeen = true;
        seen.sessionId = output.sessionId;
        return;
      case 'assistantText':
        seen.texts.push(output.text);
        return;
      case 'result':
        if (seen.result !== null) return;
        seen.result = output.result;
        seen.sessionId ??= output.result.sessionId;
        this.onResult();
        return;
      case 'permissionRequest':
        return this.askPermission(output.requestId, output.ask);
      case 'cancelRequest':
        this.asks.get(output.requestId)?.abort();
        return;
      case 'unsupportedRequest':
        this.write(encodeControlError(output.requestId, `Kap does not handle ${output.subtype}`));
        return;
      default:
        return;
    }
  }

  private askPermission(requestId: string, ask: Extract<ClaudeOutput, { kind: 'permissionRequest' }>['ask']): void {
    const withdrawn = new AbortController();
    this.asks.set(requestId, withdrawn);
    const answer = (async () => this.request.onPermission(ask, { signal: withdrawn.signal }))();
    answer
      .catch((error: unknown) => ({ behavior: 'deny' as const, message: `The permission check failed: ${String(error)}` }))
      .then((decided) => {
        if (!withdrawn.signal.aborted) this.write(encodePermissionAnswer(requestId, decided, ask.input));
      })
      .finally(() => this.asks.delete(requestId))
      .catch(() => {});
  }
}
