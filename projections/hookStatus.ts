/**
 * Live status from Claude Code hook events (names and fields per ../shared/CLAUDE-CODE.md):
 * a prompt or tool activity means running; a permission request, a permission/idle notification or an
 * elicitation means waiting (on what is kept); Stop means the turn is over (idle); SessionEnd ends it.
 * Transcript lines never change status: the file lags the hooks.
 */
import type { JsonObject } from '../stores/eventStore.js';

export type SessionStatus = 'running' | 'waiting' | 'idle' | 'ended';

export interface StatusChange {
  status: SessionStatus;
  /** What a waiting session waits on (e.g. `permission: Bash`), else null. */
  waitingFor: string | null;
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

/** The status a hook event moves the session to, or undefined when it says nothing about status. */
export function statusAfterHook(hookEventName: string, payload: JsonObject, current: SessionStatus): StatusChange | undefined {
  // An ended session only comes back with a new SessionStart (e.g. `--resume`).
  if (current === 'ended' && hookEventName !== 'SessionStart') return undefined;
  if (RUNNING.has(hookEventName)) return { status: 'running', waitingFor: null };
  switch (hookEventName) {
    case 'PermissionRequest':
      return { status: 'waiting', waitingFor: `permission: ${str(payload.tool_name) ?? 'a tool'}` };
    case 'Notification': {
      const type = str(payload.notification_type);
      if (type === 'permission_prompt') return { status: 'waiting', waitingFor: str(payload.message) ?? 'permission' };
      if (type === 'idle_prompt') return { status: 'waiting', waitingFor: str(payload.message) ?? 'input' };
      return undefined;
    }
    case 'Elicitation':
      return { status: 'waiting', waitingFor: `input for ${str(payload.mcp_server_name) ?? 'an MCP server'}` };
    case 'Stop':
    case 'StopFailure':
      return { status: 'idle', waitingFor: null };
    case 'SessionEnd':
      return { status: 'ended', waitingFor: null };
    default:
      return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
