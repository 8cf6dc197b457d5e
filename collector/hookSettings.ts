/**
 * Kap's entries in Claude Code's settings.json (`{"hooks": {"<Event>": [{"matcher", "hooks": [...]}]}}`,
 * see ../shared/CLAUDE-CODE.md). Pure functions: merging adds Kap's command hook for each of the events Kap
 * reads (collector/hookedEvents.ts: never WorktreeCreate/WorktreeRemove) without touching the user's other hooks
 * or settings, and takes Kap's entries off every other event (an older Kap hooked them all); removing takes out
 * only Kap's.
 * Kap's hooks are recognised by the `# kap-collector` marker at the end of their command.
 *
 * Every hook is `async: true` (the agent never waits) except SessionEnd and Stop: Claude Code (2.1.197,
 * measured in test/support/CLAUDE-CODE-OBSERVED.md) exits without writing an async SessionEnd hook's stdin,
 * so that payload would be lost; and when a print-mode session ends right after its turn (the agent host
 * closes stdin at the result), an async Stop hook still starting is killed with `claude` (seen: 1 hosted turn
 * in 3 lost its Stop). The command only queues the payload (hookCommandScript.ts), so each synchronous hook
 * costs a few milliseconds, once per turn.
 */
import { HOOKED_EVENTS } from './hookedEvents.js';

export const KAP_HOOK_MARKER = '# kap-collector';

type Settings = Record<string, unknown>;
interface HookCommand {
  type: string;
  command?: string;
  [key: string]: unknown;
}
interface MatcherGroup {
  matcher?: string;
  hooks?: HookCommand[];
  [key: string]: unknown;
}

/** Events whose hooks are matched against a tool name; `*` matches every tool. */
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied']);

/** Events whose async hook would not get its payload (see the module comment). */
const SYNC_EVENTS = new Set(['SessionEnd', 'Stop']);

/** The hook entry Kap installs for `event`: async unless listed in SYNC_EVENTS, timeout in seconds. */
export function kapHook(command: string, event: string, timeoutSeconds = 30): HookCommand {
  if (SYNC_EVENTS.has(event)) return { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, timeout: timeoutSeconds };
  return { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, async: true, timeout: timeoutSeconds };
}

export const isKapHook = (hook: HookCommand): boolean => typeof hook.command === 'string' && hook.command.trimEnd().endsWith(KAP_HOOK_MARKER);

/** Settings with Kap's hook on each of HOOKED_EVENTS (replacing older Kap entries, on any event); everything else kept. */
export function withKapHooks(settings: Settings, command: string): Settings {
  const cleaned = withoutKapHooks(settings);
  const hooks = { ...((cleaned.hooks as Record<string, MatcherGroup[]> | undefined) ?? {}) };
  for (const event of HOOKED_EVENTS) {
    const hook = kapHook(command, event);
    const group: MatcherGroup = TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [hook] } : { hooks: [hook] };
    hooks[event] = [...(hooks[event] ?? []), group];
  }
  return { ...cleaned, hooks };
}

/** Settings without Kap's hooks; groups and events left empty by that are dropped. */
export function withoutKapHooks(settings: Settings): Settings {
  const current = settings.hooks;
  if (typeof current !== 'object' || current === null || Array.isArray(current)) return settings;
  // A Map: event names come from the user's file (`__proto__` is a key like any other).
  const hooks = new Map<string, unknown>();
  for (const [event, groups] of Object.entries(current as Record<string, unknown>)) {
    if (!Array.isArray(groups)) {
      hooks.set(event, groups);
      continue;
    }
    const kept = (groups as MatcherGroup[])
      .map((group) => (Array.isArray(group.hooks) ? { ...group, hooks: group.hooks.filter((h) => !isKapHook(h)) } : group))
      .filter((group, i) => !Array.isArray(group.hooks) || group.hooks.length > 0 || !hadKapHook((groups as MatcherGroup[])[i]!));
    if (kept.length > 0) hooks.set(event, kept);
  }
  const { hooks: _removed, ...rest } = settings;
  return hooks.size > 0 ? { ...rest, hooks: Object.fromEntries(hooks) } : rest;
}

function hadKapHook(group: MatcherGroup): boolean {
  return Array.isArray(group.hooks) && group.hooks.some(isKapHook);
}
