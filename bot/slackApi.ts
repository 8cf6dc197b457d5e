/**
 * The Slack Web API port: the calls Kap makes, in Slack's terms. Slack's refusals (`{ ok: false, error }`,
 * e.g. `invalid_blocks`, `cannot_unfurl_url`, `ratelimited`: try again later) are returned values; only
 * transport failures throw (an HTTP 429 the adapter's retries did not get past among them).
 * Adapter: `webClientSlackApi.ts` (@slack/web-api).
 */

import type { Block } from '../renderers/blockKit.js';

export type { Block } from '../renderers/blockKit.js';

export type SlackResult<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Where an unfurl goes: a posted message (`channel` + `ts`) or a composer preview (`source` + `unfurl_id`). */
export type UnfurlTarget = { channel: string; ts: string } | { source: 'composer' | 'conversations_history'; unfurlId: string };

export interface SlackApi {
  /**
   * `chat.unfurl`: one card per link URL. Called again for the same `channel` + `ts`, it replaces that
   * message's unfurls (live cards). Tier 3 rate limit. https://docs.slack.dev/reference/methods/chat.unfurl
   */
  unfurl(target: UnfurlTarget, unfurls: Record<string, { blocks: Block[] }>): Promise<SlackResult>;
  /**
   * `chat.postMessage`, in a thread when `threadTs` is set. Resolves the message's `ts`. A user id as
   * `channel` posts in the app's DM with that person (its App Home Messages tab).
   */
  postMessage(message: { channel: string; threadTs?: string; text: string; blocks?: Block[] }): Promise<SlackResult<{ ts: string }>>;
  /** `reactions.add` on a message (e.g. `eyes`, `hourglass`). */
  addReaction(message: { channel: string; ts: string; name: string }): Promise<SlackResult>;
  /** `users.lookupByEmail` (scope `users:read.email`): the Slack user with this profile email; `users_not_found` when none. */
  lookupByEmail(email: string): Promise<SlackResult<{ userId: string }>>;
  /** `conversations.members`, every page (scopes `channels:read`, `groups:read`): the channel's member ids. */
  channelMembers(channel: string): Promise<SlackResult<{ members: string[] }>>;
  /** `chat.postEphemeral`: seen by `user` only. */
  postEphemeral(message: { channel: string; user: string; threadTs?: string; text: string; blocks?: Block[] }): Promise<SlackResult>;
}
