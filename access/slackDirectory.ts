/**
 * The Slack answers the access rule needs, cached: who has a profile email (`users.lookupByEmail`, scope
 * `users:read.email`) and who is in a channel (`conversations.members`, scopes `channels:read` /
 * `groups:read`). A Slack refusal counts as "no" (a session stays closed rather than open on an error);
 * transport failures are not cached.
 */
import type { SlackApi } from '../bot/slackApi.js';
import type { ChannelMembership } from './sessionAccess.js';

export interface CacheOptions {
  /** How long an answer is reused, in ms. */
  ttlMs: number;
  /** Most entries kept (oldest dropped first). */
  max?: number;
  now?: () => number;
}

function cached<T>(options: CacheOptions, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  const now = options.now ?? Date.now;
  const max = options.max ?? 5000;
  return (key) => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < options.ttlMs) return hit.value;
    const value = load(key);
    entries.delete(key);
    entries.set(key, { at: now(), value });
    if (entries.size > max) entries.delete(entries.keys().next().value as string);
    value.catch(() => entries.delete(key));
    return value;
  };
}

/** email → Slack user id or null, each answer cached 10 min (a new teammate resolves within that). */
export function slackUserOfEmail(slack: Pick<SlackApi, 'lookupByEmail'>, now?: () => number): (email: string) => Promise<string | null> {
  const found = cached({ ttlMs: 10 * 60 * 1000, ...(now ? { now } : {}) }, async (email) => {
    const result = await slack.lookupByEmail(email);
    return result.ok ? result.userId : null;
  });
  return (email) => found(email.trim().toLowerCase());
}

/** Channel membership from `conversations.members`, each channel's list cached 60 s. */
export function slackChannelMembership(slack: Pick<SlackApi, 'channelMembers'>, now?: () => number): ChannelMembership {
  const members = cached({ ttlMs: 60 * 1000, max: 500, ...(now ? { now } : {}) }, async (channel) => {
    const result = await slack.channelMembers(channel);
    return new Set(result.ok ? result.members : []);
  });
  return { isMember: async (channel, userId) => (await members(channel)).has(userId) };
}

/** Without Slack nobody is in any channel. */
export const NO_CHANNELS: ChannelMembership = { isMember: async () => false };
