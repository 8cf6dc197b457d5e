/**
 * Claude Code's hook event names, as documented for hooks and observed in 2.1.197
 * (see ../shared/CLAUDE-CODE.md). An event whose name is not listed is still stored as it came:
 * Claude Code adds events release by release, and dropping one would lose what the agent did.
 */
export const HOOK_EVENT_NAMES = [
  'SessionStart',
  'Setup',
  'UserPromptSubmit',
  'UserPromptExpansion',
  'PreToolUse',
  'PermissionRequest',
  'PermissionDenied',
  'PostToolUse',
  'PostToolUseFailure',
  'PostToolBatch',
  'Notification',
  'SubagentStart',
  'SubagentStop',
  'TaskCreated',
  'TaskCompleted',
  'Stop',
  'StopFailure',
  'TeammateIdle',
  'InstructionsLoaded',
  'ConfigChange',
  'CwdChanged',
  'FileChanged',
  'WorktreeCreate',
  'WorktreeRemove',
  'PreCompact',
  'PostCompact',
  'Elicitation',
  'ElicitationResult',
  'SessionEnd',
] as const;

export type KnownHookEventName = (typeof HOOK_EVENT_NAMES)[number];

const known = new Set<string>(HOOK_EVENT_NAMES);

/** True for a hook event name this version of Kap knows by name. */
export function isKnownHookEvent(name: string): name is KnownHookEventName {
  return known.has(name);
}
