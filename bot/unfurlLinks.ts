/**
 * `link_shared` → `chat.unfurl`: a session card for each Kap session link the sharer may see, a small
 * "not found" card for unknown sessions, nothing for sessions the sharer may not see.
 * A composer preview (`source: "composer"`) is answered with `source` + `unfurl_id`; a posted message with
 * `channel` + `ts` (https://docs.slack.dev/reference/events/link_shared).
 */
import { contentId } from '../events/eventIds.js';
import { SESSION_SHARED } from '../events/kapEventTypes.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { buildNotFoundCard } from '../renderers/notFoundCard.js';
import { buildSessionCard } from '../renderers/sessionCardBlocks.js';
import { sessionIdOfLink } from './sessionLinks.js';
import type { Block, SlackApi, SlackResult, UnfurlTarget } from './slackApi.js';
import { canSeeSession } from './visibility.js';

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
  readModel: SessionReadModel;
  slack: SlackApi;
  signer: LinkSigner;
  /** Card images are linked only when Kap has a public host Slack can fetch them from. */
  publicImages: boolean;
  now: () => Date;
}

/** Unfurls the event's Kap links. Resolves Slack's answer, or undefined when there was nothing to unfurl. */
export async function unfurlLinks(event: LinkSharedEvent, deps: UnfurlDeps): Promise<SlackResult | undefined> {
  const unfurls: Record<string, { blocks: Block[] }> = {};
  const shown: string[] = [];
  for (const { url } of event.links) {
    const sessionId = sessionIdOfLink(url, deps.signer.baseUrl);
    if (sessionId === undefined || unfurls[url]) continue;
    const summary = (await deps.readModel.get(sessionId))?.summary;
    if (!summary) {
      unfurls[url] = { blocks: buildNotFoundCard(sessionId).blocks };
      continue;
    }
    const composer = event.source === 'composer';
    if (!canSeeSession({ userId: event.user, channel: composer ? undefined : event.channel }, summary)) continue;
    const card = buildSessionCard(summary, {
      sessionUrl: deps.signer.sessionPageUrl(sessionId),
      ...(deps.publicImages ? { imageUrl: deps.signer.cardImageUrl(sessionId, summary.revision) } : {}),
      now: deps.now(),
    });
    unfurls[url] = { blocks: card.blocks };
    shown.push(sessionId);
  }
  if (Object.keys(unfurls).length === 0) return undefined;
  const target: UnfurlTarget =
    event.source === 'composer' && event.unfurl_id ? { source: 'composer', unfurlId: event.unfurl_id } : { channel: event.channel, ts: event.message_ts };
  const result = await deps.slack.unfurl(target, unfurls);
  // A posted message (not a preview) shows the session in a channel: remember where, for handoffs.
  if (result.ok && 'channel' in target) {
    for (const sessionId of new Set(shown)) await recordShare(deps, sessionId, event);
  }
  return result;
}

async function recordShare(deps: UnfurlDeps, sessionId: string, event: LinkSharedEvent): Promise<void> {
  const share = { channel: event.channel, messageTs: event.message_ts, threadTs: event.thread_ts ?? null, user: event.user ?? null };
  await deps.store.append(sessionStream(sessionId), [
    { id: contentId({ sessionId, ...share }, SESSION_SHARED), type: SESSION_SHARED, data: { ...share, at: deps.now().toISOString() }, metadata: { source: 'slack' } },
  ]);
}
