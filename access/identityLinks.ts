/**
 * Identity links: a person claims, once, that the git email, OS user and host a collector reports are
 * theirs, for when their git email is not their Slack email. Kept as events in the `kap-identities` stream:
 *   1. `/kap link` in Slack → `IdentityLinkRequested { codeHash, slackUserId, expiresAt }`; the person gets
 *      the code (only its SHA-256 is stored), valid LINK_CODE_TTL_MS.
 *   2. `kap link <code>` on their machine → `IdentityLinked { codeHash, slackUserId, email, osUser, host, at }`,
 *      appended with the revision the checks were made on, so a code is used once even when two redeem it
 *      at the same moment.
 * An identity already linked to someone else, or an email Slack knows as someone else's
 * (`users.lookupByEmail`), cannot be claimed: first claim wins, and Slack's verified email outranks a claim.
 */
import { createHash, randomInt } from 'node:crypto';
import { contentId } from '../events/eventIds.js';
import { IDENTITIES_STREAM, IDENTITY_LINK_REQUESTED, IDENTITY_LINKED } from '../events/kapEventTypes.js';
import type { EventStore, RecordedEvent } from '../stores/eventStore.js';

/** How long a `/kap link` code can be redeemed, in ms. */
export const LINK_CODE_TTL_MS = 15 * 60 * 1000;

/** What a machine reports about who runs it. */
export interface MachineIdentity {
  email: string | null;
  osUser: string | null;
  host: string | null;
}

export type RedeemResult =
  | { ok: true; slackUserId: string }
  | { ok: false; code: 'UNKNOWN_CODE' | 'EXPIRED_CODE' | 'USED_CODE' | 'NO_IDENTITY' | 'CLAIMED' | 'RACE'; message: string };

/** Identity keys a link covers: `email:<lowercased>` and `os:<user>@<host>`. */
export function identityKeys(identity: MachineIdentity): string[] {
  const keys: string[] = [];
  if (identity.email) keys.push(`email:${identity.email.trim().toLowerCase()}`);
  if (identity.osUser && identity.host) keys.push(`os:${identity.osUser}@${identity.host}`);
  return keys;
}

const hashOf = (code: string) => createHash('sha256').update(normalizeCode(code)).digest('hex');

/** Codes are read aloud and typed: case, spaces and dashes do not matter. */
function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A code of 10 characters from an alphabet without look-alikes (≈ 50 bits), shown as `XXXXX-XXXXX`. */
function newCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  let code = '';
  for (let i = 0; i < 10; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export interface IdentityLinks {
  /** `/kap link`: a new one-time code for `slackUserId`. */
  request(slackUserId: string): Promise<{ code: string; expiresAt: Date }>;
  /** `kap link <code>`: binds the machine's identity to the code's person. `slackUserOfEmail` asks Slack. */
  redeem(code: string, identity: MachineIdentity, slackUserOfEmail: (email: string) => Promise<string | null>): Promise<RedeemResult>;
  /** identity key → Slack user id, of every link so far. */
  links(): Promise<ReadonlyMap<string, string>>;
}

export function createIdentityLinks(store: EventStore, now: () => Date): IdentityLinks {
  const read = async () => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(IDENTITIES_STREAM)) events.push(event);
    return events;
  };
  const linksOf = (events: readonly RecordedEvent[]) => {
    const links = new Map<string, string>();
    for (const event of events) {
      if (event.type !== IDENTITY_LINKED || typeof event.data.slackUserId !== 'string') continue;
      const d = event.data;
      const identity = { email: typeof d.email === 'string' ? d.email : null, osUser: typeof d.osUser === 'string' ? d.osUser : null, host: typeof d.host === 'string' ? d.host : null };
      for (const key of identityKeys(identity)) if (!links.has(key)) links.set(key, event.data.slackUserId);
    }
    return links;
  };
  return {
    async request(slackUserId) {
      const code = newCode();
      const expiresAt = new Date(now().getTime() + LINK_CODE_TTL_MS);
      const data = { codeHash: hashOf(code), slackUserId, expiresAt: expiresAt.toISOString() };
      await store.append(IDENTITIES_STREAM, [{ id: contentId(data, IDENTITY_LINK_REQUESTED), type: IDENTITY_LINK_REQUESTED, data, metadata: { source: 'slack' } }]);
      return { code, expiresAt };
    },
    async redeem(code, identity, slackUserOfEmail) {
      const events = await read();
      const codeHash = hashOf(code);
      const request = events.find((e) => e.type === IDENTITY_LINK_REQUESTED && e.data.codeHash === codeHash);
      if (!request || typeof request.data.slackUserId !== 'string') return { ok: false, code: 'UNKNOWN_CODE', message: 'Kap gave no such code: run `/kap link` in Slack for one.' };
      const slackUserId = request.data.slackUserId;
      if (events.some((e) => e.type === IDENTITY_LINKED && e.data.codeHash === codeHash)) return { ok: false, code: 'USED_CODE', message: 'That code was used already: run `/kap link` in Slack for a new one.' };
      if (Date.parse(String(request.data.expiresAt)) < now().getTime()) return { ok: false, code: 'EXPIRED_CODE', message: 'That code expired: run `/kap link` in Slack for a new one.' };
      const keys = identityKeys(identity);
      if (keys.length === 0) return { ok: false, code: 'NO_IDENTITY', message: 'This machine reports no git email and no OS user and host to link.' };
      const links = linksOf(events);
      for (const key of keys) {
        const holder = links.get(key);
        if (holder !== undefined && holder !== slackUserId) return { ok: false, code: 'CLAIMED', message: `${key.slice(key.indexOf(':') + 1)} is already linked to another Slack user.` };
      }
      if (identity.email) {
        const slackOwner = await slackUserOfEmail(identity.email.trim().toLowerCase());
        if (slackOwner !== null && slackOwner !== slackUserId) return { ok: false, code: 'CLAIMED', message: `Slack knows ${identity.email} as another person's email: it cannot be linked to you.` };
      }
      const data = { codeHash, slackUserId, email: identity.email?.trim().toLowerCase() ?? null, osUser: identity.osUser, host: identity.host, at: now().toISOString() };
      const last = events.at(-1)!.revision;
      const result = await store.append(IDENTITIES_STREAM, [{ id: contentId({ codeHash }, IDENTITY_LINKED), type: IDENTITY_LINKED, data, metadata: { source: 'cli' } }], { expectedRevision: last });
      if (!result.ok) return { ok: false, code: 'RACE', message: 'Another link landed at the same moment: run `kap link` again.' };
      if (result.appended === 0) return { ok: false, code: 'USED_CODE', message: 'That code was used already: run `/kap link` in Slack for a new one.' };
      return { ok: true, slackUserId };
    },
    async links() {
      return linksOf(await read());
    },
  };
}
