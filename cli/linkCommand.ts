/**
 * `kap link <code>`: claims this machine's identity for the Slack user who ran `/kap link` (issue #11), so
 * sessions run here are theirs even when their git email is not their Slack email. The identity is what
 * the collector reports (collector/gitContext.ts): git `user.email` as `git config user.email` answers in
 * the current directory (local, then global config), the OS user and the host name. Prints who it now
 * resolves to; a refusal (`UNKNOWN_CODE`, `EXPIRED_CODE`, `USED_CODE`, `CLAIMED`, `NO_IDENTITY`, `NO_SLACK`
 * …) is thrown as `ApiError` with the server's message (the CLI prints it and exits 1).
 */
import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import type { MachineIdentity } from '../access/identityLinks.js';
import { osUserName } from '../collector/gitContext.js';
import type { KapConfig } from '../config/kapConfig.js';
import { postJson } from './apiClient.js';

/** This machine's identity, as the collector would report it; a part nobody can tell is null. */
export async function machineIdentity(cwd: string = process.cwd()): Promise<MachineIdentity> {
  const email = await new Promise<string | null>((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 2000, windowsHide: true }, (error, stdout) => {
      const text = error ? '' : stdout.trim();
      resolve(text.length > 0 ? text : null);
    });
  });
  return { email, osUser: osUserName(), host: hostname() || null };
}

export async function linkCommand(config: Readonly<KapConfig>, code: string): Promise<void> {
  const identity = await machineIdentity();
  const { slackUserId } = await postJson<{ slackUserId: string }>(config, '/v1/identity/link', { code, ...identity });
  const parts = [identity.email, identity.osUser && identity.host ? `${identity.osUser}@${identity.host}` : null].filter((p) => p !== null);
  process.stdout.write(`Linked: ${parts.join(' and ')} now resolve${parts.length === 1 ? 's' : ''} to <@${slackUserId}>.\n`);
}
