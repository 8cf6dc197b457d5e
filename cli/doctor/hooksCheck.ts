/**
 * Are Kap's hooks installed, and current? Current means: Kap's entry (collector/hookSettings.ts `kapHook`, with
 * today's command) on exactly the events Kap hooks (collector/hookedEvents.ts) and on no other, in at least one of
 * the settings files Claude Code reads for this directory (user, project, project-local). Pure: the caller reads
 * the files.
 */
import { HOOKED_EVENTS } from '../../collector/hookedEvents.js';
import { isKapHook, kapHook } from '../../collector/hookSettings.js';
import { hasApprovalHook, isApprovalHookCommand } from '../../approvals/approvalHookSettings.js';
import type { Check } from './check.js';

export interface SettingsFileView {
  /** Where the file is (for the message). */
  path: string;
  /** `--user`, `--project` or `--settings <path>`: how `kap hooks install` targets it. */
  installFlag: string;
  /** The parsed file, undefined when it does not exist; an Error when it cannot be read as JSON. */
  settings: Record<string, unknown> | Error | undefined;
}

type Found = { path: string; installFlag: string; problems: string[] };

/** The `hooks` check over the settings files Claude Code would read here; `command` is today's hook command. */
export function hooksCheck(files: readonly SettingsFileView[], command: string): Check {
  const found: Found[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    if (file.settings instanceof Error) unreadable.push(`${file.path}: ${file.settings.message}`);
    else if (file.settings !== undefined) {
      const problems = kapProblems(file.settings, command);
      if (problems) found.push({ path: file.path, installFlag: file.installFlag, problems });
    }
  }
  if (found.length === 0) {
    return { name: 'hooks', level: 'fail', detail: `Kap's hooks are in none of ${files.map((f) => f.path).join(', ')}${unreadable.length ? ` (unreadable: ${unreadable.join('; ')})` : ''}`, fix: 'kap hooks install --user (every project) or --project' };
  }
  const stale = found.filter((f) => f.problems.length > 0);
  if (stale.length > 0) {
    const first = stale[0]!;
    return { name: 'hooks', level: 'fail', detail: `outdated in ${stale.map((f) => `${f.path} (${f.problems.join('; ')})`).join(', ')}`, fix: `kap hooks install ${first.installFlag}` };
  }
  // The opt-in remote approvals hook (approvals/approvalHookSettings.ts) is not one of the collector's: named, not checked.
  const approvals = files.some((f) => f.settings !== undefined && !(f.settings instanceof Error) && hasApprovalHook(f.settings)) ? '; permission requests asked in Slack first (--remote-approvals)' : '';
  return { name: 'hooks', level: unreadable.length ? 'warn' : 'ok', detail: `installed and current in ${found.map((f) => f.path).join(', ')}${approvals}${unreadable.length ? `; unreadable: ${unreadable.join('; ')}` : ''}` };
}

/** undefined: no Kap entry in this file; else what differs from a current install (empty: current). */
function kapProblems(settings: Record<string, unknown>, command: string): string[] | undefined {
  const hooks = settings.hooks;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return undefined;
  const kapByEvent = new Map<string, Array<Record<string, unknown>>>();
  for (const [event, groups] of Object.entries(hooks as Record<string, unknown>)) {
    if (!Array.isArray(groups)) continue;
    const entries = groups.flatMap((g: { hooks?: unknown }) => (Array.isArray(g?.hooks) ? (g.hooks as Array<Record<string, unknown>>) : [])).filter((h) => isKapHook(h as { type: string }) && !isApprovalHookCommand(h.command));
    if (entries.length > 0) kapByEvent.set(event, entries);
  }
  if (kapByEvent.size === 0) return undefined;
  const problems: string[] = [];
  const wanted = new Set<string>(HOOKED_EVENTS);
  const extra = [...kapByEvent.keys()].filter((e) => !wanted.has(e));
  if (extra.length) problems.push(`hooked but should not be: ${extra.join(', ')}`);
  const missing = HOOKED_EVENTS.filter((e) => !kapByEvent.has(e));
  if (missing.length) problems.push(`not hooked: ${missing.join(', ')}`);
  const differ = HOOKED_EVENTS.filter((e) => {
    const entries = kapByEvent.get(e);
    return entries !== undefined && (entries.length !== 1 || JSON.stringify(entries[0]) !== JSON.stringify(kapHook(command, e)));
  });
  if (differ.length) problems.push(`an older command or settings on ${differ.length === HOOKED_EVENTS.length ? 'every event' : differ.join(', ')}`);
  return problems;
}
