/**
 * The recap job (`recaps` queue): `/kap recap`, the card's Recap button and `/kap handoff` enqueue it; it
 * finds the session (a user's latest when asked by @user), gets its recap (recapService.ts) and posts it:
 *   recap    in the channel (in the thread of the card when the button was pressed)
 *   handoff  in the thread where the session was shared (else the channel), naming the teammate, and records
 *            a `SessionHandedOff` event
 * What goes wrong is said to the person who asked (ephemeral), never silence. Slack transport failures throw
 * (the job is retried); Slack's refusals are reported.
 */
import { contentId } from '../events/eventIds.js';
import { SESSION_HANDED_OFF } from '../events/kapEventTypes.js';
import type { SessionGate } from '../access/sessionGate.js';
import type { JobHandler } from '../jobs/jobQueue.js';
import type { SessionRef } from '../bot/kapCommand.js';
import type { SlackApi } from '../bot/slackApi.js';
import { buildRecapBlocks } from '../renderers/recapBlocks.js';
import { sessionStream } from '../stores/eventStore.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { recapSession } from './recapService.js';
import type { RecapServiceDeps } from './recapService.js';

export const RECAPS_QUEUE = 'recaps';

export interface RecapJob {
  /** `auto`: the session went quiet after being shared (KAP_AUTO_RECAP_AFTER_S): its thread gets the recap once. */
  kind: 'recap' | 'handoff' | 'auto';
  session: SessionRef;
  /** Where it was asked (Slack channel id). */
  channel: string;
  /** Post in this thread (the card's message, for the Recap button). */
  threadTs: string | null;
  /** Slack user id of who asked. */
  requestedBy: string;
  /** Handoff: who takes over. */
  teammate: string | null;
  /** Auto: the session's activity revision it was scheduled for (a newer one cancels it). */
  coversRevision?: number;
}

export interface RecapJobDeps extends RecapServiceDeps {
  slack: SlackApi;
  signer: LinkSigner;
  /** Who may see what: the person who asked and the channel answered in must both read the session. */
  gate: SessionGate;
}

export function recapJobHandler(deps: RecapJobDeps): JobHandler<RecapJob> {
  return async ({ data }) => {
    const tell = async (text: string) => {
      if (data.kind === 'auto') return; // nobody asked
      await deps.slack.postEphemeral({ channel: data.channel, user: data.requestedBy, text, ...(data.threadTs ? { threadTs: data.threadTs } : {}) });
    };
    const sessionId = data.session.kind === 'session' ? data.session.sessionId : await latestSessionOf(deps, data.session.userId);
    if (!sessionId) {
      await tell(`I found no Kap session of <@${(data.session as { userId: string }).userId}>: their Slack email matches no session's git user.`);
      return;
    }
    if (data.kind === 'auto') {
      const current = (await deps.readModel.get(sessionId))?.summary;
      const quiet = current && (current.status === 'idle' || current.status === 'ended') && current.activityRevision === data.coversRevision;
      if (!quiet || current.sharedIn.length === 0) return;
    }
    const result = await recapSession(deps, sessionId);
    if (!result.ok) {
      await tell(`Kap has no session \`${sessionId}\`. Paste its link or id as \`kap sessions\` shows it.`);
      return;
    }
    const { record, summary } = result;
    const where = data.kind === 'recap' ? undefined : summary.sharedIn.at(-1);
    const channel = where?.channel ?? data.channel;
    const threadTs = where ? (where.threadTs ?? where.messageTs) : data.threadTs;
    const lead =
      data.kind === 'handoff'
        ? `<@${data.requestedBy}> is handing this session over${data.teammate ? ` to <@${data.teammate}>` : ''}. Here is where it stands:`
        : data.kind === 'auto'
          ? `This session ${summary.status === 'ended' ? 'ended' : 'went quiet'}. Here is where it stands, for whoever picks it up:`
          : `<@${data.requestedBy}> asked for a recap.`;
    const message = buildRecapBlocks(record, summary, {
      sessionUrl: deps.signer.sessionPageUrl(sessionId),
      now: deps.now(),
      lead,
      ...(result.modelFailure ? { modelFailure: result.modelFailure } : {}),
    });
    const posted = await deps.slack.postMessage({ channel, text: message.text, blocks: message.blocks, ...(threadTs ? { threadTs } : {}) });
    if (!posted.ok) {
      await tell(
        posted.error === 'not_in_channel' || posted.error === 'channel_not_found'
          ? `I can't post in that channel: invite me with \`/invite @kap\` and ask again.`
          : `Slack refused the recap (${posted.error}).`,
      );
      return;
    }
    if (data.kind === 'handoff') {
      const handoff = { by: data.requestedBy, to: data.teammate, channel, threadTs: threadTs ?? posted.ts, recapRevision: record.sessionRevision };
      await deps.store.append(sessionStream(sessionId), [
        { id: contentId({ sessionId, ...handoff, posted: posted.ts }, SESSION_HANDED_OFF), type: SESSION_HANDED_OFF, data: { ...handoff, at: deps.now().toISOString() }, metadata: { source: 'slack' } },
      ]);
    }
  };
}

/** The most recently active session whose git user carries the Slack user's profile email. */
async function latestSessionOf(deps: RecapJobDeps, userId: string): Promise<string | undefined> {
  const profile = await deps.slack.userEmail(userId);
  const email = profile.ok ? profile.email?.toLowerCase() : undefined;
  if (!email) return undefined;
  const sessions = await deps.readModel.list({ limit: 500 });
  return sessions.find((s) => s.user?.toLowerCase().includes(`<${email}>`) || s.user?.toLowerCase() === email)?.sessionId;
}
