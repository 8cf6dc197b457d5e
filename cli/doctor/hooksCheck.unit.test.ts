import { describe, expect, it } from 'vitest';
import { withKapHooks } from '../../collector/hookSettings.js';
import { KAP_HOOK_MARKER } from '../../collector/hookSettings.js';
import { hooksCheck } from './hooksCheck.js';

const command = 'umask 077; cat > "$d/x"';
const user = (settings: Record<string, unknown> | Error | undefined) => ({ path: '/home/j/.claude/settings.json', installFlag: '--user', settings });
const project = (settings: Record<string, unknown> | undefined) => ({ path: '/w/.claude/settings.json', installFlag: '--project', settings });

describe('kap doctor: hooks', () => {
  it('ok when a current install is in any settings file Claude Code reads', () => {
    expect(hooksCheck([user(undefined), project(withKapHooks({}, command))], command)).toMatchObject({ level: 'ok', detail: expect.stringContaining('/w/.claude/settings.json') });
  });

  it('fails when none holds them, naming the files and the fix', () => {
    const check = hooksCheck([user({ model: 'opus' }), project(undefined)], command);
    expect(check).toMatchObject({ level: 'fail', fix: expect.stringContaining('kap hooks install') });
    expect(check.detail).toContain('/home/j/.claude/settings.json');
  });

  it("fails on an older Kap's install: another command, or WorktreeCreate hooked", () => {
    const olderCommand = hooksCheck([user(withKapHooks({}, "'/old/clone/node' '/old/clone/dist/cli/main.js' hook"))], command);
    expect(olderCommand).toMatchObject({ level: 'fail', detail: expect.stringContaining('older command'), fix: 'kap hooks install --user' });
    const current = withKapHooks({}, command) as { hooks: Record<string, unknown> };
    const withWorktree = { hooks: { ...current.hooks, WorktreeCreate: [{ hooks: [{ type: 'command', command: `x ${KAP_HOOK_MARKER}` }] }] } };
    expect(hooksCheck([user(withWorktree)], command)).toMatchObject({ level: 'fail', detail: expect.stringContaining('WorktreeCreate') });
  });

  it('says which file could not be read', () => {
    expect(hooksCheck([user(new Error('not a JSON object')), project(withKapHooks({}, command))], command)).toMatchObject({ level: 'warn', detail: expect.stringContaining('not a JSON object') });
  });
});
