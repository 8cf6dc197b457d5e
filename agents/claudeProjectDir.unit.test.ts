import { describe, expect, it } from 'vitest';
import { claudeProjectDir, claudeProjectDirName } from './claudeProjectDir.js';

describe('claudeProjectDirName', () => {
  it('replaces every character outside [A-Za-z0-9-] with -', () => {
    expect(claudeProjectDirName('/tmp/kap.cwd_x-QarRev')).toBe('-tmp-kap-cwd-x-QarRev');
    expect(claudeProjectDirName('/srv/kap/worktrees/widgets/C01-1700000000.000100')).toBe('-srv-kap-worktrees-widgets-C01-1700000000-000100');
  });

  it('cuts a name over 200 characters and appends the hash Claude Code 2.1.197 gave this path', () => {
    const cwd = `/tmp/x-long-8epwmy/${'a'.repeat(120)}/${'b'.repeat(120)}`;
    const name = claudeProjectDirName(cwd);
    expect(name).toBe(`-tmp-x-long-8epwmy-${'a'.repeat(120)}-${'b'.repeat(60)}-ozra3v`);
    expect(name).toHaveLength(207);
  });

  it('places the dir under <home>/.claude/projects', () => {
    expect(claudeProjectDir('/home/kap', '/w/a.b')).toBe('/home/kap/.claude/projects/-w-a-b');
  });
});
