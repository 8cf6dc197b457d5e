/**
 * Resolves a session's owner to a Slack user: the owner of a hosted session is whoever started it; else an
 * identity link (identityLinks.ts: the git email, then the OS user at the host), else the Slack user whose
 * profile email is the git email (`users.lookupByEmail`). Null when none resolves (then only shares and
 * `workspace` open the session, and nobody can change its visibility in Slack).
 */
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { IdentityLinks } from './identityLinks.js';
import { identityKeys } from './identityLinks.js';
import { ownerIdentity } from './sessionAccess.js';
import type { SessionOwner } from './sessionAccess.js';

export interface OwnerDirectory {
  ownerOf(summary: SessionSummary): Promise<SessionOwner>;
}

export interface OwnerDirectoryOptions {
  links: IdentityLinks;
  /** The Slack user whose profile email this is, or null (no Slack, or nobody). */
  slackUserOfEmail: (email: string) => Promise<string | null>;
  /** How long the identity links are reused before being read again, in ms. Default 5 s. */
  linksTtlMs?: number;
  now?: () => number;
}

export function createOwnerDirectory(options: OwnerDirectoryOptions): OwnerDirectory {
  const now = options.now ?? Date.now;
  const ttl = options.linksTtlMs ?? 5000;
  let cached: { at: number; links: Promise<ReadonlyMap<string, string>> } | undefined;
  const links = () => {
    if (!cached || now() - cached.at >= ttl) {
      const read = options.links.links();
      cached = { at: now(), links: read };
      read.catch(() => (cached = undefined));
    }
    return cached.links;
  };
  return {
    async ownerOf(summary) {
      const identity = ownerIdentity(summary);
      if (summary.hostedBy) return { ...identity, slackUserId: summary.hostedBy };
      const linked = await links();
      for (const key of identityKeys(identity)) {
        const userId = linked.get(key);
        if (userId !== undefined) return { ...identity, slackUserId: userId };
      }
      const byEmail = identity.email ? await options.slackUserOfEmail(identity.email) : null;
      return { ...identity, slackUserId: byEmail };
    },
  };
}
