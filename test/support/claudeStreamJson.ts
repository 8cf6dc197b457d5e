/**
 * Drives the real Claude Code CLI the way the Claude Agent SDK does: print mode with stream-json on both
 * sides and permission prompts routed to stdio, so a program (not a person) answers them:
 *
 *   claude -p --input-format stream-json --output-format stream-json --verbose
 *          --permission-prompt-tool stdio --allowedTools <list> [...extraArgs]
 *
 * Protocol (observed on 2.1.197, test/support/CLAUDE-CODE-OBSERVED.md "Permission requests"):
 * - we write one JSON object per line on stdin: a prompt is
 *   `{type: "user", message: {role: "user", content}, parent_tool_use_id: null, session_id: ""}`
 *   (an `initialize` control request first is optional; this driver does not send one);
 * - claude writes one JSON object per line on stdout: `system` (`init` carries `session_id`; `hook_started`,
 *   `hook_response`), `assistant`, `user` (tool results), `result` (end of a turn), and for a tool call
 *   outside the allowed set a `control_request` `{request_id, request: {subtype: "can_use_tool", tool_name,
 *   display_name, input, description, permission_suggestions, tool_use_id}}`; it then waits, with no
 *   time limit, for our `{type: "control_response", response: {subtype: "success", request_id, response:
 *   {behavior: "allow", updatedInput} | {behavior: "deny", message}}}`;
 * - `control_cancel_request {request_id}` when something else (a PermissionRequest hook) answered first;
 * - closing stdin ends the session (SessionEnd fires) once the current turn is done; a permission request
 *   still pending then is denied ("Tool permission stream closed before response received").
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { claudeBinary, claudeEnv } from './claudeCli.js';

export interface StreamJsonOptions {
  cwd: string;
  /** Isolated HOME (see claudeCli.ts). */
  home: string;
  apiUrl: string;
  /** Tools allowed without asking; any other tool call becomes a `can_use_tool` request. */
  allowedTools: string[];
  /** Answers a permission request; the default denies every request. */
  canUseTool?: (request: CanUseToolRequest, context: { sessionId: string | undefined }) => Promise<PermissionDecision>;
  extraArgs?: string[];
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** SIGKILL after this long; default 60 s. */
  timeoutMs?: number;
}

/** A `can_use_tool` control request, as claude writes it. */
export interface CanUseToolRequest {
  requestId: string;
  toolName: string;
  input: Record<string, unknown>;
  toolUseId: string | undefined;
  /** The whole `request` object (display_name, description, permission_suggestions, …). */
  raw: Record<string, unknown>;
}

export type PermissionDecision =
  | { behavior: 'allow'; updatedInput?: Record<string, unknown> }
  | { behavior: 'deny'; message: string; interrupt?: boolean };

export interface StreamJsonMessage {
  type: string;
  subtype?: string;
  session_id?: string;
  [k: string]: unknown;
}

export interface ClaudeStreamJson {
  /** Every message claude wrote on stdout, in order. */
  messages: StreamJsonMessage[];
  /** Permission requests received, in order. */
  permissionRequests: CanUseToolRequest[];
  /** From the `system/init` message (undefined before it). */
  sessionId(): string | undefined;
  /** Sends one user prompt. */
  prompt(text: string): void;
  /** Resolves with the next `result` message (the end of the current turn). */
  nextResult(): Promise<StreamJsonMessage>;
  /** Closes stdin and resolves once claude has exited (SessionEnd hooks have run by then). */
  close(): Promise<{ exitCode: number | null; stderr: string; timedOut: boolean }>;
}

export function startClaudeStreamJson(opts: StreamJsonOptions): ClaudeStreamJson {
  const args = [
    '-p',
    '--input-format', 'stream-json',
    '--output-format', 'stream-json',
    '--verbose',
    '--permission-prompt-tool', 'stdio',
    '--allowedTools', opts.allowedTools.join(','),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(claudeBinary(), args, { cwd: opts.cwd, env: claudeEnv(opts.apiUrl, opts.home, opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: StreamJsonMessage[] = [];
  const permissionRequests: CanUseToolRequest[] = [];
  const resultWaiters: Array<(m: StreamJsonMessage) => void> = [];
  const unclaimedResults: StreamJsonMessage[] = [];
  let sessionId: string | undefined;
  let stderr = '';
  let timedOut = false;
  let stdinOpen = true;

  const write = (message: unknown): void => {
    if (stdinOpen) child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  const canUseTool = opts.canUseTool ?? (() => Promise.resolve<PermissionDecision>({ behavior: 'deny', message: 'no canUseTool handler' }));

  child.stdin.on('error', () => {}); // claude gone: nothing more to say
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: StreamJsonMessage;
    try {
      message = JSON.parse(line) as StreamJsonMessage;
    } catch {
      return; // not protocol
    }
    messages.push(message);
    if (message.type === 'system' && message.subtype === 'init' && typeof message.session_id === 'string') sessionId = message.session_id;
    if (message.type === 'result') {
      const waiter = resultWaiters.shift();
      if (waiter) waiter(message);
      else unclaimedResults.push(message);
    }
    if (message.type === 'control_request') {
      const requestId = String(message.request_id);
      const request = (message.request ?? {}) as Record<string, unknown>;
      if (request.subtype !== 'can_use_tool') {
        write({ type: 'control_response', response: { subtype: 'error', request_id: requestId, error: `unsupported: ${String(request.subtype)}` } });
        return;
      }
      const asked: CanUseToolRequest = {
        requestId,
        toolName: String(request.tool_name),
        input: (request.input ?? {}) as Record<string, unknown>,
        toolUseId: typeof request.tool_use_id === 'string' ? request.tool_use_id : undefined,
        raw: request,
      };
      permissionRequests.push(asked);
      canUseTool(asked, { sessionId }).then(
        (decision) => write({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response: decision } }),
        (err: unknown) => write({ type: 'control_response', response: { subtype: 'error', request_id: requestId, error: String(err) } }),
      );
    }
  });

  const killTimer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 60_000);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killTimer);
      resolve(code);
    });
  });

  return {
    messages,
    permissionRequests,
    sessionId: () => sessionId,
    prompt(text) {
      write({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
    },
    nextResult() {
      const ready = unclaimedResults.shift();
      if (ready) return Promise.resolve(ready);
      return Promise.race([
        new Promise<StreamJsonMessage>((resolve) => resultWaiters.push(resolve)),
        exited.then((code) => Promise.reject(new Error(`claude exited (${code}) before a result: ${stderr.slice(-2000)}`))),
      ]);
    },
    async close() {
      stdinOpen = false;
      child.stdin.end();
      const exitCode = await exited;
      return { exitCode, stderr, timedOut };
    },
  };
}
