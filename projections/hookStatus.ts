/**
 * Live status from Claude Code hook events (names and fields per ../shared/CLAUDE-CODE.md and
 * test/support/CLAUDE-CODE-OBSERVED.md): a prompt or tool activity means running; a permission request, a
 * permission/idle notification or an elicitation means waiting (on what is kept); Stop means the turn is over
 * (idle); SessionEnd ends it. Transcript lines never change status: the file lags the hooks.
 *
 * A hosted session (Kap's agent host) runs each turn as one `claude -p --resume` process, which ends with
 * SessionEnd (`reason: "other"`, test/support/CLAUDE-CODE-OBSERVED.md): that is the turn's process exiting, and
 * the session resumes with the next reply in its thread, so it reads idle. It ends only on a SessionEnd that
 * says the session itself is over (`clear`, `logout`).
 *
 * A permission wait ends only on a hook that is about something after it. Async hook processes finish out of
 * order by tens of milliseconds, so a late PostToolBatch of the tool *before* the asked one can be dated after
 * the PermissionRequest (observed on 2.1.197). While waiting on tool T with input I, the wait ends on: a
 * PostToolUse / PostToolUseFailure / PermissionDenied of (T, I), a PostToolBatch listing (T, I), a PreToolUse of
 * another call, a new prompt, Stop, SessionEnd or SessionStart. A PermissionRequest carries no tool_use_id, so
 * calls are matched by tool name and canonical input.
 */
import { canonical } from '../events/eventIds.js';
import { boundDepth } from './boundedJson.js';
import type { JsonObject } from '../stores/eventStore.js';

export type SessionStatus = 'running' | 'waiting' | 'idle' | 'ended';

export interface StatusChange {
  status: SessionStatus;
  /** What a waiting session waits on (e.g. `permission: Bash`), else null. */
  waitingFor: string | null;
  /** The call a permission wait is about (`callKey`), else null. */
  pendingCall: string | null;
}

const RUNNING = new Set([
  'SessionStart',
  'UserPromptSubmit',
  'UserPromptExpansion',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PostToolBatch',
  'PermissionDenied',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'ElicitationResult',
]);

/** SessionEnd reasons that end a hosted session too (Claude Code's `reason`; `other` is a `-p` turn exiting). */
const HOSTED_SESSION_OVER = new Set(['clear', 'logout']);

/** Always end a permission wait: the turn moved on whatever the call. */
const ENDS_ANY_WAIT = new Set(['SessionStart', 'UserPromptSubmit', 'UserPromptExpansion', 'Stop', 'StopFailure', 'SessionEnd']);

/** A tool call's identity across hooks: name and canonical input. */
export function callKey(toolName: unknown, toolInput: unknown): string {
  // Bounded first: canonical() recurses, and a payload may nest thousands of levels deep.
  return `${typeof toolName === 'string' ? toolName : '?'}\u0000${canonical(boundDepth(toolInput ?? null))}`;
}

/**
 * The status a hook event moves the session to, or undefined when it says nothing about status (or is a stale
 * hook during a permission wait). `pendingCall` is the call the current permission wait is about, if any.
 */
export function statusAfterHook(
  hookEventName: string,
  payload: JsonObject,
  current: SessionStatus,
  pendingCall: string | null = null,
  session: { hosted?: boolean } = {},
): StatusChange | undefined {
  // An ended session only comes back with a new SessionStart (e.g. `--resume`).
  if (current === 'ended' && hookEventName !== 'SessionStart') return undefined;
  if (pendingCall !== null && current === 'waiting' && !endsPermissionWait(hookEventName, payload, pendingCall)) return undefined;
  if (RUNNING.has(hookEventName)) return { status: 'running', waitingFor: null, pendingCall: null };
  switch (hookEventName) {
    case 'PermissionRequest':
      return { status: 'waiting', waitingFor: `permission: ${str(payload.tool_name) ?? 'a tool'}`, pendingCall: callKey(payload.tool_name, payload.tool_input) };
    case 'Notification': {
      const type = str(payload.notification_type);
      // The TUI's permission_prompt ("Claude needs your permission") names no tool: keep the request's words.
      if (type === 'permission_prompt') return current === 'waiting' && pendingCall !== null ? undefined : { status: 'waiting', waitingFor: str(payload.message) ?? 'permission', pendingCall };
      if (type === 'idle_prompt') return { status: 'waiting', waitingFor: str(payload.message) ?? 'input', pendingCall: null };
      return undefined;
    }
    case 'Elicitation':
      return { status: 'waiting', waitingFor: `input for ${str(payload.mcp_server_name) ?? 'an MCP server'}`, pendingCall: null };
    case 'Stop':
    case 'StopFailure':
      return { status: 'idle', waitingFor: null, pendingCall: null };
    case 'SessionEnd':
      if (session.hosted === true && !HOSTED_SESSION_OVER.has(str(payload.reason) ?? '')) return { status: 'idle', waitingFor: null, pendingCall: null };
      return { status: 'ended', waitingFor: null, pendingCall: null };
    default:
      return undefined;
  }
}

function endsPermissionWait(hookEventName: string, payload: JsonObject, pendingCall: string): boolean {
  if (ENDS_ANY_WAIT.has(hookEventName) || hookEventName === 'PermissionRequest' || hookEventName === 'Elicitation') return true;
  switch (hookEventName) {
    case 'PostToolUse':
    case 'PostToolUseFailure':
    case 'PermissionDenied':
      return callKey(payload.tool_name, payload.tool_input) === pendingCall;
    case 'PreToolUse':
      return callKey(payload.tool_name, payload.tool_input) !== pendingCall;
    case 'PostToolBatch':
      return Array.isArray(payload.tool_calls) && payload.tool_calls.some((c: JsonObject) => callKey(c?.tool_name, c?.tool_input) === pendingCall);
    default:
      return false;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
