/**
 * The Claude Code hook events Kap registers a hook for: only those whose payload Kap reads, and only those
 * whose hook, printing nothing and exiting 0, leaves Claude Code's behaviour exactly as it was. Every hooked
 * event costs the agent a process start (measured: `npm run bench -- overhead`); what happened in between
 * (assistant messages, tool inputs and results, subagents, compaction) is in the transcript, which the drainer
 * ships with each hooked event.
 *
 * Why each one (the reader is projections/hookStatus.ts unless said otherwise):
 * - SessionStart: repo, branch and cwd of the session (collector/gitContext.ts); a session (re)starts running;
 *   the drainer ships any spooled batches.
 * - UserPromptSubmit: a turn starts (running); ends a wait.
 * - PostToolUse, PostToolUseFailure: end a permission wait on the asked call; ship the transcript mid-turn,
 *   so a long turn's card moves (one process per tool call).
 * - PermissionRequest, Notification (permission_prompt, idle_prompt), Elicitation: the session waits on a
 *   person, and on what. PermissionDenied, ElicitationResult: that wait is over.
 * - Stop, StopFailure: the turn is over (idle); SessionEnd: the session ended.
 *
 * Never hooked:
 * - WorktreeCreate / WorktreeRemove: such a hook *replaces* Claude Code's own `git worktree add` and must print
 *   the new path; a hook that prints nothing makes `claude --worktree x` fail (../shared/CLAUDE-CODE.md).
 * - PreToolUse, PostToolBatch, SubagentStart/Stop, PreCompact/PostCompact, UserPromptExpansion, TaskCreated,
 *   TaskCompleted, TeammateIdle, InstructionsLoaded, ConfigChange, CwdChanged, FileChanged, Setup: nothing Kap
 *   shows depends on them (the session is already running when they fire, and their content reaches Kap
 *   through the transcript); each would be one more process start per occurrence. Payloads of these events
 *   that arrive another way (`kap hook`, imports) are still stored as they came.
 */
export const HOOKED_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'PermissionDenied',
  'Notification',
  'Elicitation',
  'ElicitationResult',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;

/** Events whose hook output Claude Code takes as a decision or a path: a hook there changes what it does. */
export const NEVER_HOOKED = new Set(['WorktreeCreate', 'WorktreeRemove']);
