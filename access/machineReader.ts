/**
 * Who is reading when a program on someone's machine asks (the recall MCP server, `kap mcp`): the person
 * that machine's identity resolves to, by the same rules as a session's owner (ownerDirectory.ts: an
 * identity link first, by git email then OS user at host, else the Slack user with that profile email).
 * Without Slack the local user owns and reads everything (sessionAccess.ts `local`).
 *
 * An identity nobody resolves reads nothing: the answer says how to link it (`/kap link`, then `kap link`).
 */
import type { Access } from './access.js';
import { identityKeys } from './identityLinks.js';
import type { MachineIdentity } from './identityLinks.js';
import type { Reader } from './sessionAccess.js';

export type MachineReader = { ok: true; reader: Reader } | { ok: false; code: 'NOT_LINKED'; message: string };

export async function readerOfMachine(access: Pick<Access, 'local' | 'identityLinks' | 'slackUserOfEmail'>, identity: MachineIdentity): Promise<MachineReader> {
  if (access.local) return { ok: true, reader: { kind: 'local' } };
  const links = await access.identityLinks.links();
  for (const key of identityKeys(identity)) {
    const userId = links.get(key);
    if (userId !== undefined) return { ok: true, reader: { kind: 'person', userId } };
  }
  const byEmail = identity.email ? await access.slackUserOfEmail(identity.email.trim().toLowerCase()) : null;
  if (byEmail) return { ok: true, reader: { kind: 'person', userId: byEmail } };
  return {
    ok: false,
    code: 'NOT_LINKED',
    message: `Kap does not know which Slack user ${describe(identity)} is: run \`/kap link\` in Slack, then \`kap link <code>\` on this machine`,
  };
}

function describe(identity: MachineIdentity): string {
  if (identity.email) return identity.email;
  if (identity.osUser && identity.host) return `${identity.osUser}@${identity.host}`;
  return 'this machine';
}
