import { describe, expect, it } from 'vitest';
import { HOOK_EVENT_NAMES } from '../events/hookEventNames.js';
import { HOOKED_EVENTS, NEVER_HOOKED } from './hookedEvents.js';
import { KAP_HOOK_MARKER, withKapHooks, withoutKapHooks } from './hookSettings.js';

const userSettings = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)'] },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
  },
};

type Groups = Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>;
const kapEntries = (hooks: Record<string, Groups>, event: string) =>
  (hooks[event] ?? []).flatMap((g) => g.hooks).filter((h) => String(h.command).endsWith(KAP_HOOK_MARKER));

describe("Kap's hooks in settings.json", () => {
  const command = 'umask 077; cat > x';
  const installed = withKapHooks(userSettings, command);
  const hooks = installed.hooks as Record<string, Groups>;

  it('adds one command hook for each event Kap reads, async except SessionEnd and Stop', () => {
    for (const event of HOOKED_EVENTS) {
      const expected =
        event === 'SessionEnd' || event === 'Stop'
          ? { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, timeout: 30 }
          : { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, async: true, timeout: 30 };
      expect(kapEntries(hooks, event), event).toEqual([expected]);
    }
    expect(hooks.PostToolUse!.at(-1)!.matcher).toBe('*');
    expect(hooks.PermissionRequest!.at(-1)!.matcher).toBe('*');
  });

  it('hooks no other event: never WorktreeCreate/WorktreeRemove, nor the ones whose content the transcript carries', () => {
    const hooked = new Set<string>(HOOKED_EVENTS);
    for (const event of HOOK_EVENT_NAMES) if (!hooked.has(event)) expect(kapEntries(hooks, event), event).toEqual([]);
    for (const event of NEVER_HOOKED) expect(hooked.has(event)).toBe(false);
    expect(hooked.has('PreToolUse')).toBe(false);
    expect(hooked.has('PostToolBatch')).toBe(false);
  });

  it("takes an older Kap's entries off events it no longer hooks (WorktreeCreate), keeping others' hooks there", () => {
    const old = {
      hooks: {
        WorktreeCreate: [{ hooks: [{ type: 'command', command: `old-kap ${KAP_HOOK_MARKER}`, async: true }] }],
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] },
          { matcher: '*', hooks: [{ type: 'command', command: `old-kap ${KAP_HOOK_MARKER}`, async: true }] },
        ],
      },
    };
    const upgraded = withKapHooks(old, command).hooks as Record<string, Groups>;
    expect(upgraded.WorktreeCreate).toBeUndefined();
    expect(upgraded.PreToolUse).toEqual([{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }]);
  });

  it("keeps the user's settings and hooks", () => {
    expect(installed.model).toBe('opus');
    expect(installed.permissions).toEqual(userSettings.permissions);
    expect(hooks.PreToolUse).toEqual(userSettings.hooks.PreToolUse);
    expect(hooks.Stop![0]).toEqual(userSettings.hooks.Stop[0]);
  });

  it('keeps hooks under event names that are prototype names, as they were', () => {
    const odd = JSON.parse('{"hooks":{"__proto__":[{"hooks":[{"type":"command","command":"a"}]}],"constructor":[{"hooks":[{"type":"command","command":"b"}]}]}}');
    const round = JSON.parse(JSON.stringify(withoutKapHooks(withKapHooks(odd, command))));
    expect(round).toEqual(odd);
    expect(Object.keys(round.hooks)).toEqual(['__proto__', 'constructor']);
  });

  it('installing twice leaves one Kap hook per event', () => {
    const twice = withKapHooks(installed, command);
    expect(twice).toEqual(installed);
  });

  it("uninstall removes only Kap's hooks", () => {
    expect(withoutKapHooks(installed)).toEqual(userSettings);
    expect(withoutKapHooks(withKapHooks({}, 'x'))).toEqual({});
  });
});
