/**
 * "Share with #channel?": when a session's link unfurls as a lock card in a channel, its owner gets an
 * ephemeral offer there with a button (issue #11). Clicking it is the owner sharing the session in that
 * channel (access/changeVisibility.ts, recorded with its author); the message's unfurl is then replaced by
 * the full card (`chat.unfurl` with `channel` + `ts`, https://docs.slack.dev/reference/methods/chat.unfurl)
 * and the owner is told. Anyone else's click is refused, to them.
 *
 * The button's value carries what the click needs, as JSON (at most 2,000 characters, Slack's limit for a
 * button value: https://docs.slack.dev/reference/block-kit/block-elements/button-element):
 *   { s: session id, c: channel, t: message ts, r: thread ts or null, u: the link's URL as posted, p: sharer }
 */
import type { Logger } from 'pino';
import { changeVisibility } from '../access/changeVisibility.js';
import type { ChangeVisibilityDeps } from '../access/changeVisibility.js';
import type { Block } from '../renderers/blockKit.js';
import { mrkdwn, plain } from '../renderers/blockKit.js';
import { ownerLabel } from '../renderers/lockCard.js';
import { SLACK_LIMITS } from '../renderers/slackLimits.js';
import type { SlackApi } from './slackApi.js';

export const SHARE_CHANNEL_ACTION_ID = 'kap_share_channel';

/** A lock card Kap showed in a posted message, and what sharing it there needs. */
export interface ShareOffer {
  sessionId: string;
  channel: string;
  messageTs: string;
  threadTs: string | null;
  /** The link as it appears in the message (the key of its unfurl). */
  url: string;
  /** Who pasted it (null: Slack did not say). */
  sharer: string | null;
}

export function encodeOffer(offer: ShareOffer): string | undefined {
  const value = JSON.stringify({ s: offer.sessionId, c: offer.channel, t: offer.messageTs, r: offer.threadTs, u: offer.url, p: offer.sharer });
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

/** The offer in a button's value, or undefined when it is not one Kap made. */
export function decodeOffer(value: string | undefined): ShareOffer | undefined {
  if (!value) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = new Map(Object.entries(v));
  const str = (k: string) => (typeof o.get(k) === 'string' && (o.get(k) as string).length > 0 ? (o.get(k) as string) : undefined);
  const [sessionId, channel, messageTs, url] = [str('s'), str('c'), str('t'), str('u')];
  if (!sessionId || !channel || !messageTs || !url) return undefined;
  return { sessionId, channel, messageTs, threadTs: str('r') ?? null, url, sharer: str('p') ?? null };
}

/** The ephemeral the owner gets: who pasted it where, and the Share button (or the command, when it cannot fit). */
export function shareOfferMessage(offer: ShareOffer, owner: string): { text: string; blocks: Block[] } {
  const by = offer.sharer === owner ? 'You pasted' : offer.sharer ? `<@${offer.sharer}> pasted` : 'Someone pasted';
  const text = `${by} a link to your Claude Code session in <#${offer.channel}>, where it shows as locked. Share it with <#${offer.channel}>?`;
  const value = encodeOffer(offer);
  const blocks: Block[] = [{ type: 'section', block_id: 'kap_share_offer', text: mrkdwn(text) }];
  if (value) {
    blocks.push({ type: 'actions', block_id: 'kap_share_offer_actions', elements: [{ type: 'button', action_id: SHARE_CHANNEL_ACTION_ID, text: plain('Share with this channel'), value, style: 'primary' }] });
  } else {
    blocks.push({ type: 'context', elements: [mrkdwn(`Share it with \`/kap share ${offer.sessionId}\` here.`)] });
  }
  return { text, blocks };
}

/** Sends the owner the offer; Slack's refusal (`user_not_in_channel`, …) is logged, the unfurl goes on. */
export async function offerShare(deps: { slack: SlackApi; logger: Pick<Logger, 'warn'> }, offer: ShareOffer, owner: string): Promise<void> {
  const sent = await deps.slack.postEphemeral({ channel: offer.channel, user: owner, ...(offer.threadTs ? { threadTs: offer.threadTs } : {}), ...shareOfferMessage(offer, owner) });
  if (!sent.ok) deps.logger.warn({ error: sent.error, sessionId: offer.sessionId }, 'Slack refused the share offer to the session owner');
}

export interface ShareClickDeps extends ChangeVisibilityDeps {
  slack: SlackApi;
  logger: Pick<Logger, 'warn'>;
  /** Re-unfurls the offer's message with the full card and remembers where it was shown; Slack's answer. */
  showCard(offer: ShareOffer): Promise<{ ok: true } | { ok: false; error: string }>;
}

/**
 * The Share button, clicked by `userId` in `channel`: only the owner's click shares (others are told who can).
 * Every outcome is said to the clicker, ephemerally.
 */
export async function acceptShareOffer(deps: ShareClickDeps, offer: ShareOffer, userId: string, channel: string | undefined): Promise<void> {
  const tell = async (text: string) => {
    const said = await deps.slack.postEphemeral({ channel: offer.channel, user: userId, ...(offer.threadTs ? { threadTs: offer.threadTs } : {}), text });
    if (!said.ok) deps.logger.warn({ error: said.error }, 'Slack refused an ephemeral answer to a Share click');
  };
  // The offer names the channel it was posted in; a click from elsewhere is not that offer.
  if (channel !== undefined && channel !== offer.channel) return tell('That button belongs to another channel’s message.');
  const outcome = await changeVisibility(deps, offer.sessionId, { kind: 'person', userId }, userId, { kind: 'channel', channel: offer.channel, steer: false });
  if (!outcome.ok) {
    const owner = outcome.ownerSlackUserId ?? null;
    return tell(outcome.code === 'NOT_OWNER' ? `Only ${ownerLabel({ slackUserId: owner, name: null }).replace(/^Someone$/, 'the session’s owner')} can share this session.` : outcome.message);
  }
  const shown = await deps.showCard(offer);
  if (!shown.ok) return tell(`Shared with <#${offer.channel}>, but Slack refused to update the card (${shown.error}): paste the link again to show it.`);
  await tell(`Shared with <#${offer.channel}>: everyone here can see the session’s card now. \`/kap hide ${offer.sessionId}\` takes it back.`);
}
