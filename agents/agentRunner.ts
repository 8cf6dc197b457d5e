/**
 * The AgentRunner port: runs one turn (one prompt, to the agent's final answer) of a hosted Claude Code
 * session. The runner is swappable: the Claude Code CLI in stream-json mode today (claudeCliRunner.ts), the
 * Claude Agent SDK later. Nothing here knows about Slack: a thread reply becomes a `TurnRequest`, the
 * `TurnResult` goes back into the thread.
 *
 * One turn is one process: each turn after the first continues the session with `resume` (the session id a
 * previous turn returned), so a host keeps no agent process between replies.
 */

/** A tool call outside `allowedTools` that waits for someone's answer (Claude Code's `can_use_tool`). */
export interface PermissionAsk {
  /** Claude Code's tool name, e.g. `Write`, `Bash`, `mcp__github__create_issue`. */
  toolName: string;
  /** The tool's input as the model wrote it (e.g. `{ file_path, content }` for Write). */
  input: Record<string, unknown>;
  /** The model's `tool_use` id (`toolu_…`), when Claude Code gives one. */
  toolUseId: string | null;
  /** Claude Code's short description of the call (e.g. the file name for Write), when it gives one. */
  description: string | null;
}

/** `allow` runs the tool with its input unchanged; `deny` gives the model `message` as the tool's error. */
export type PermissionAnswer = { behavior: 'allow' } | { behavior: 'deny'; message: string };

export interface PermissionContext {
  /**
   * Aborted when the ask no longer needs an answer: Claude Code withdrew it (`control_cancel_request`, e.g.
   * after a stop), or the turn ended. An answer given after that is ignored.
   */
  signal: AbortSignal;
}

export interface TurnRequest {
  /** Continue this Claude Code session id (`--resume`); null starts a new session. */
  resume: string | null;
  /** The working copy the agent works in (workspaces.ts); its project settings and hooks apply. */
  cwd: string;
  prompt: string;
  /** Tools allowed without asking, in Claude Code's syntax (`Read`, `Bash(npm test:*)`). */
  allowedTools: string[];
  /** Claude Code's permission mode; default `default` (ask for anything outside `allowedTools`). */
  permissionMode?: 'default' | 'acceptEdits' | 'plan';
  /**
   * Called for a tool outside `allowedTools`; the turn waits (with no time limit) for the answer. A rejected
   * promise denies the call.
   */
  onPermission: (ask: PermissionAsk, context: PermissionContext) => Promise<PermissionAnswer>;
  /** Aborting interrupts the running turn (a "stop" control). */
  signal?: AbortSignal;
  /** Added to the runner's base environment for this turn (e.g. Kap's hook settings from hostHooks.ts). */
  env?: Record<string, string>;
  /**
   * Called once, as soon as the agent names the turn's session id (Claude Code's `system/init`), long before the
   * turn ends: what Kap records about a new session can then land in its stream ahead of the turn's hooks.
   */
  onSessionId?: (sessionId: string) => void;
}

/**
 * The outcome of a turn.
 * - ok: the turn ended with a result. `text` is the final answer (after a stop: the text the agent had
 *   written so far); `interrupted` says the turn was stopped; `costUsd` is what this turn cost as Claude
 *   Code reports it; `numTurns` counts its model round trips.
 * - `RESUME_NOT_FOUND`: `resume` named a session Claude Code has no transcript of in `cwd`'s project dir.
 * - `INTERRUPTED`: stopped before Claude Code could give a result (the process was killed).
 * - `CLAUDE_FAILED`: anything else (API error, non-zero exit without a result, timeout, no binary);
 *   `message` says what Claude Code said.
 */
export type TurnResult =
  | { ok: true; sessionId: string; text: string; interrupted: boolean; costUsd: number | null; numTurns: number | null }
  | { ok: false; reason: 'CLAUDE_FAILED' | 'RESUME_NOT_FOUND' | 'INTERRUPTED'; message: string; sessionId: string | null };

export interface AgentRunner {
  /** Runs one turn to its end. Never rejects for an agent failure: failures are `ok: false` results. */
  runTurn(request: TurnRequest): Promise<TurnResult>;
}
