/** `kap doctor` with remote approvals installed: the hooks are current, and the check says approvals are on. */
import { describe, expect, it } from 'vitest';
import { hooksCheck } from '../cli/doctor/hooksCheck.js';
import { withKapHooks } from '../collector/hookSettings.js';
import { withApprovalHook } from './approvalHookSettings.js';

const command = 'umask 077; cat > "$d/x"';
const user = (settings: Record<string, unknown>) => ({ path: '/home/j/.claude/settings.json', installFlag: '--user', settings });

describe('kap doctor: hooks with --remote-approvals', () => {
  it('is ok and names remote approvals; without them it does not', () => {
    const plain = withKapHooks({}, command);
    expect(hooksCheck([user(withApprovalHook(plain, 90))], command)).toMatchObject({ level: 'ok', detail: expect.stringContaining('asked in Slack first') });
    expect(hooksCheck([user(plain)], command).detail).not.toContain('Slack');
  });
});
