/**
 * `link_shared` → `chat.unfurl`: each Kap session link is decided by the access gate (access/sessionGate.ts)
 * for who will see the card (issue #11):
 *   a posted message    the channel (everyone in it sees the unfurl)
 *   a composer preview  the person writing it
 * Allowed: the session card. Refused: the lock card (renderers/lockCard.ts: whose session, nothing else),
 * and the owner, when Kap knows them, gets a "Share with #channel?" offer there (shareOffer.ts). When the
 * owner themselves posts the link of a `channel` session, posting it is sharing it there: recorded
 * (`SessionVisibilityChanged`, by the owner) and shown in full. Unknown sessions get the not-found card.
 * A composer preview is answered with `source` + `unfurl_id`; a posted message with `channel` + `ts`
 * (https://docs.slack.dev/reference/events/link_shared, https://docs.slack.dev/reference/methods/chat.unfurl).
 */
import type { Logger } from 'pino';
import type { Access } from '../access/access.js';
import { changeVisibility } from '../access/changeVisibility.js';
import type { Reader } from '../access/sessionAccess.js';
import { contentId } from '../events/eventIds.js';
import { SESSION_SHARED } from '../events/kapEventTypes.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { buildLockCard } from '../renderers/lockCard.js';
import { buildNotFoundCard } from '../renderers/notFoundCard.js';
import { buildSessionCard } from '../renderers/sessionCardBlocks.js';
import { sessionIdOfLink } from './sessionLinks.js';
import { offerShare } from './shareOffer.js';
import type { ShareOffer } from './shareOffer.js';
import type { Block, SlackApi, SlackResult, UnfurlTarget } from './slackApi.js';

/** The fields of a `link_shared` event Kap reads. */
export interface LinkSharedEvent {
  channel: string;
  message_ts: string;
  user?: string;
  links: Array<{ url: string; domain?: string }>;
  source?: 'composer' | 'conversations_history';
  unfurl_id?: string;
  /** Set when the message is a reply in a thread. */
  thread_ts?: string;
}

export interface UnfurlDeps {
  store: EventStore;
  slack: SlackApi;
  signer: LinkSigner;
  /** Card images are linked only when Kap has a public host Slack can fetch them from. */
  publicImages: boolean;
  access: Pick<Access, 'gate'>;
  logger: Pick<Logger, 'warn'>;
  now: () => Date;
}

/** The full card of a session (the gate has allowed it). */
export function sessionCardBlocks(deps: Pick<UnfurlDeps, 'signer' | 'publicImages' | 'now'>, summary: SessionSummary): Block[] {
  return buildSessionCard(summary, {
    sessionUrl: deps.signer.sessionPageUrl(summary.sessionId),
    ...(deps.publicImages ? { imageUrl: deps.signer.cardImageUrl(summary.sessionId, summary.revision) } : {}),
    now: deps.now(),
  }).blocks;
}

/** Unfurls the event's Kap links. Resolves Slack's answer, or undefined when there was nothing to unfurl. */
export async function unfurlLinks(event: LinkSharedEvent, deps: UnfurlDeps): Promise<SlackResult | undefined> {
  const composer = event.source === 'composer';
  // Who will see the unfurl. A preview without a user is shown to nobody Kap can name: refused.
  const reader: Reader = composer ? { kind: 'person', userId: event.user ?? '' } : { kind: 'channel', channel: event.channel };
  const unfurls = new Map<string, { blocks: Block[] }>();
  const shown: string[] = [];
  const offers: Array<{ offer: ShareOffer; owner: string }> = [];
  for (const { url } of event.links) {
    const sessionId = sessionIdOfLink(url, deps.signer.baseUrl);
    if (sessionId === undefined || unfurls.has(url)) continue;
    const answer = await deps.access.gate.read(sessionId, reader);
    if (answer.kind === 'unknown') {
      unfurls.set(url, { blocks: buildNotFoundCard(sessionId).blocks });
      continue;
    }
    let allowed = answer.kind === 'allowed';
    const owner = answer.access.owner.slackUserId;
    if (!allowed && !composer && owner !== null && event.user === owner && answer.access.visibility === 'channel') {
      // The owner pasting a `channel` session in a channel shares it there (issue #11, "In Slack").
      const shared = await changeVisibility({ store: deps.store, gate: deps.access.gate, now: deps.now }, sessionId, { kind: 'person', userId: owner }, owner, { kind: 'channel', channel: event.channel, steer: false });
      allowed = shared.ok;
    }
    if (allowed) {
      unfurls.set(url, { blocks: sessionCardBlocks(deps, answer.summary) });
      shown.push(sessionId);
      continue;
    }
    unfurls.set(url, { blocks: buildLockCard(answer.access.owner).blocks });
    if (!composer && owner !== null) {
      offers.push({ owner, offer: { sessionId, channel: event.channel, messageTs: event.message_ts, threadTs: event.thread_ts ?? null, url, sharer: event.user ?? null } });
    }
  }
  if (unfurls.size === 0) return undefined;
  const target: UnfurlTarget = composer && event.unfurl_id ? { source: 'composer', unfurlId: event.unfurl_id } : { channel: event.channel, ts: event.message_ts };
  const result = await deps.slack.unfurl(target, Object.fromEntries(unfurls));
  // A posted message (not a preview) shows the session in a channel: remember where, for handoffs.
  if (result.ok && 'channel' in target) {
    for (const sessionId of new Set(shown)) await recordShare(deps, sessionId, { channel: event.channel, messageTs: event.message_ts, threadTs: event.thread_ts ?? null, user: event.user ?? null }, [...unfurls.keys()].find((u) => sessionIdOfLink(u, deps.signer.baseUrl) === sessionId));
    const offered = new Set<string>();
    for (const { offer, owner } of offers) {
      if (offered.has(`${offer.sessionId} ${owner}`)) continue;
      offered.add(`${offer.sessionId} ${owner}`);
      await offerShare(deps, offer, owner);
    }
  }
  return result;
}

/**
 * Replaces the unfurl of `offer`'s message with the session's full card (after its owner shared it there)
 * and remembers where it was shown. Resolves Slack's answer.
 */
export async function reunfurlShared(deps: UnfurlDeps, offer: ShareOffer): Promise<{ ok: true } | { ok: false; error: string }> {
  const answer = await deps.access.gate.read(offer.sessionId, { kind: 'token' });
  if (answer.kind === 'unknown') return { ok: false, error: 'session_not_found' };
  const result = await deps.slack.unfurl({ channel: offer.channel, ts: offer.messageTs }, Object.fromEntries([[offer.url, { blocks: sessionCardBlocks(deps, answer.summary) }]]));
  if (!result.ok) return result;
  await recordShare(deps, offer.sessionId, { channel: offer.channel, messageTs: offer.messageTs, threadTs: offer.threadTs, user: offer.sharer }, offer.url);
  return { ok: true };
}

/** `url`: the link the message holds, which a live card refresh unfurls again (workers/liveCards.ts); not part of the event's id. */
async function recordShare(deps: Pick<UnfurlDeps, 'store' | 'now'>, sessionId: string, share: { channel: string; messageTs: string; threadTs: string | null; user: string | null }, url?: string): Promise<void> {
  await deps.store.append(sessionStream(sessionId), [
    { id: contentId({ sessionId, ...share }, SESSION_SHARED), type: SESSION_SHARED, data: { ...share, ...(url === undefined ? {} : { url }), at: deps.now().toISOString() }, metadata: { source: 'slack' } },
  ]);
}
