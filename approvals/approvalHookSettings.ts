/**
 * The one hook of Kap's that changes what Claude Code does, installed only on request
 * (`kap hooks install --remote-approvals`): a synchronous PermissionRequest command hook running `kap approve`
 * (approvals/approvalHook.ts), which may answer the request with a decision from Slack. It carries Kap's
 * marker (collector/hookSettings.ts), so `kap hooks uninstall`, and an install without the flag, take it out.
 *
 * Like the collector's hook, the command names no path into Kap's install: it finds Kap through the launcher in
 * the data dir (collector/launcher.ts), and exits 0 with no output when there is none (Claude Code asks then).
 */
import { KAP_HOOK_MARKER } from '../collector/hookSettings.js';

type Settings = Record<string, unknown>;

/** The command (POSIX sh): `exec` keeps Claude Code's stdin and stdout for `kap approve`. */
export function approvalHookCommand(): string {
  return [
    'd="${KAP_DATA_DIR:-$HOME/.kap}/collector"',
    'n=; m=; { read -r n; read -r m; } < "$d/launcher" 2>/dev/null',
    'if [ -f "$m" ] && [ -x "$n" ]; then exec "$n" "$m" approve; fi',
    'exit 0',
  ].join('; ');
}

/** Whether `command` is Kap's approval hook (and not its collector hook). */
export const isApprovalHookCommand = (command: unknown): boolean => typeof command === 'string' && command.includes('" approve;') && command.trimEnd().endsWith(KAP_HOOK_MARKER);

/**
 * Settings with Kap's PermissionRequest approval hook added (after Kap's other hooks: call it on the result of
 * `withKapHooks`). `timeoutSeconds`: the hook's own timeout, above the wait for Slack.
 */
export function withApprovalHook(settings: Settings, timeoutSeconds: number): Settings {
  const hooks = { ...((settings.hooks as Record<string, unknown[]> | undefined) ?? {}) };
  const hook = { type: 'command', command: `${approvalHookCommand()} ${KAP_HOOK_MARKER}`, timeout: timeoutSeconds };
  hooks.PermissionRequest = [...(hooks.PermissionRequest ?? []), { matcher: '*', hooks: [hook] }];
  return { ...settings, hooks };
}

/** Whether Kap's approval hook is in `settings` (for `kap doctor`). */
export function hasApprovalHook(settings: Settings): boolean {
  const groups = (settings.hooks as Record<string, unknown> | undefined)?.PermissionRequest;
  return Array.isArray(groups) && groups.some((g) => Array.isArray((g as { hooks?: unknown }).hooks) && ((g as { hooks: Array<{ command?: unknown }> }).hooks).some((h) => isApprovalHookCommand(h.command)));
}
