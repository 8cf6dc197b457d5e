/**
 * Who may read and who may steer a session: the one rule every surface asks (Slack unfurls, `/kap`
 * commands and buttons, thread replies, the web pages, the ingest API). Issue #11.
 *
 * Readers:
 *   local     Kap with no Slack configured: the local user owns every session and reads all of it
 *   token     a holder of the ingest token (the collector, `kap` on the server): it writes any session and
 *             reads all of them (README "Threat model")
 *   person    a Slack user: in a command, a button, a thread, or signed in on the web
 *   channel   everyone in a Slack channel: what is posted there (an unfurl, a recap)
 *
 * A person reads a session when they own it, it was shared with them, it is `workspace`, or it is `channel`
 * and they are in one of the channels it was shared in. A channel reads it when it is `workspace`, or
 * `channel` and shared in that channel. A `private` session is read by no channel, not even its owner's.
 * Steering a hosted session (prompts, controls, permission answers) needs the owner's consent: the owner,
 * the people the owner shared it with, or the members of a channel the owner opened it to (`steerChannels`).
 * Changing who may see it is the owner's alone.
 */
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { Visibility } from './visibility.js';

/** Who ran the session, as the collector saw it, and the Slack user that resolves to (null: unknown). */
export interface SessionOwner {
  slackUserId: string | null;
  email: string | null;
  osUser: string | null;
  host: string | null;
  /** The git user's name, for a lock card ("Dana Reyes's session"). */
  name: string | null;
}

export interface SessionAccess {
  sessionId: string;
  owner: SessionOwner;
  /** Effective visibility: the session's own, else the configured default. */
  visibility: Visibility;
  /** Whether `visibility` was set on the session (false: the default). */
  visibilitySet: boolean;
  channels: readonly string[];
  steerChannels: readonly string[];
  users: readonly string[];
}

export type Reader =
  | { kind: 'local' }
  | { kind: 'token' }
  | { kind: 'person'; userId: string }
  | { kind: 'channel'; channel: string };

/** Answers whether a Slack user is in a channel (the Slack adapter asks `conversations.members`, cached). */
export interface ChannelMembership {
  isMember(channel: string, userId: string): Promise<boolean>;
}

/** The owner's identity as the summary holds it; `slackUserId` is resolved by the owner directory. */
export function ownerIdentity(summary: SessionSummary): Omit<SessionOwner, 'slackUserId'> {
  const user = summary.user ?? '';
  const angled = /<([^<>@\s]+@[^<>\s]+)>\s*$/.exec(user);
  const email = angled?.[1] ?? (/^[^<>@\s]+@[^<>\s]+$/.test(user.trim()) ? user.trim() : null);
  const name = angled ? user.slice(0, angled.index).trim() || null : email ? null : user.trim() || null;
  return { email: email?.toLowerCase() ?? null, osUser: summary.osUser ?? null, host: summary.host ?? null, name };
}

/** The access facts of a summary, given its resolved owner and the default visibility of its repository. */
export function accessOf(summary: SessionSummary, owner: SessionOwner, defaultVisibility: Visibility): SessionAccess {
  return {
    sessionId: summary.sessionId,
    owner,
    visibility: summary.visibility ?? defaultVisibility,
    visibilitySet: summary.visibility != null,
    channels: summary.sharedWith?.channels ?? [],
    steerChannels: summary.sharedWith?.steerChannels ?? [],
    users: summary.sharedWith?.users ?? [],
  };
}

export function isOwner(access: SessionAccess, reader: Reader): boolean {
  if (reader.kind === 'local') return true;
  return reader.kind === 'person' && access.owner.slackUserId !== null && access.owner.slackUserId === reader.userId;
}

/** The read rule (module comment). `membership` is asked only for a person and a `channel` session. */
export async function canRead(access: SessionAccess, reader: Reader, membership: ChannelMembership): Promise<boolean> {
  switch (reader.kind) {
    case 'local':
    case 'token':
      return true;
    case 'channel':
      if (access.visibility === 'workspace') return true;
      return access.visibility === 'channel' && access.channels.includes(reader.channel);
    case 'person': {
      if (isOwner(access, reader) || access.users.includes(reader.userId) || access.visibility === 'workspace') return true;
      if (access.visibility !== 'channel') return false;
      for (const channel of access.channels) if (await membership.isMember(channel, reader.userId)) return true;
      return false;
    }
  }
}

/**
 * The steer rule: may `reader` prompt, control or answer permission requests of the hosted session whose
 * thread is in `threadChannel`? (Slack sends a channel's messages only from its members.)
 */
export function canSteer(access: SessionAccess, reader: Reader, threadChannel: string | undefined): boolean {
  if (reader.kind === 'local') return true;
  if (reader.kind !== 'person') return false;
  if (isOwner(access, reader) || access.users.includes(reader.userId)) return true;
  return threadChannel !== undefined && access.steerChannels.includes(threadChannel);
}

/** Who may share or hide the session: its owner (the local user when Kap runs without Slack). */
export function canChangeVisibility(access: SessionAccess, reader: Reader): boolean {
  return isOwner(access, reader) || reader.kind === 'token';
}
