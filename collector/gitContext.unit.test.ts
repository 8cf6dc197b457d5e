import { hostname, userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { osUserName, readGitContext } from './gitContext.js';

/** What the OS says this process's user is, or null where it has no name for the uid. */
function expectedOsUser(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

describe('readGitContext', () => {
  it('reports the OS user and the host even without a cwd (who owns the session: issue #11)', async () => {
    expect(await readGitContext(undefined)).toEqual({ repo: null, branch: null, gitUser: null, host: hostname(), osUser: expectedOsUser() });
    expect(osUserName()).toBe(expectedOsUser());
  });
});
