import { describe, expect, it } from 'vitest';
import { HOOK_EVENT_NAMES } from '../events/hookEventNames.js';
import { KAP_HOOK_MARKER, withKapHooks, withoutKapHooks } from './hookSettings.js';

const userSettings = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)'] },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
  },
};

describe("Kap's hooks in settings.json", () => {
  const command = "sh-script 'node' 'kap.js'";
  const installed = withKapHooks(userSettings, command);
  const hooks = installed.hooks as Record<string, Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>>;

  it('adds one command hook for every hook event, async except SessionEnd and Stop', () => {
    for (const event of HOOK_EVENT_NAMES) {
      const kap = hooks[event]!.flatMap((g) => g.hooks).filter((h) => String(h.command).endsWith(KAP_HOOK_MARKER));
      const expected =
        event === 'SessionEnd' || event === 'Stop'
          ? { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, timeout: 30 }
          : { type: 'command', command: `${command} ${KAP_HOOK_MARKER}`, async: true, timeout: 30 };
      expect(kap, event).toEqual([expected]);
    }
    expect(hooks.PreToolUse!.at(-1)!.matcher).toBe('*');
  });

  it("keeps the user's settings and hooks", () => {
    expect(installed.model).toBe('opus');
    expect(installed.permissions).toEqual(userSettings.permissions);
    expect(hooks.PreToolUse![0]).toEqual(userSettings.hooks.PreToolUse[0]);
    expect(hooks.Stop![0]).toEqual(userSettings.hooks.Stop[0]);
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
