/**
 * The recap job (`recaps` queue): `/kap recap`, the card's Recap button and `/kap handoff` enqueue it; it
 * finds the session (a user's latest when asked by @user), gets its recap (recapService.ts) and posts it:
 *   recap    in the channel (in the thread of the card when the button was pressed)
 *   handoff  in the thread where the session was shared (else the channel), naming the teammate, and records
 *            a `SessionHandedOff` event
 * Who may: the person who asked and everyone where it is posted must be allowed to read the session
 * (`readersOf`; issue #11). `/kap recap @user` takes that user's latest session they all may read.
 * What goes wrong is said to the person who asked (ephemeral), never silence. Slack transport failures throw
 * (the job is retried); Slack's refusals are reported.
 */
import { contentId } from '../events/eventIds.js';
import { SESSION_HANDED_OFF } from '../events/kapEventTypes.js';
import type { Reader } from '../access/sessionAccess.js';
import type { SessionGate } from '../access/sessionGate.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { JobHandler } from '../jobs/jobQueue.js';
import type { SessionRef } from '../bot/kapCommand.js';
import type { SlackApi } from '../bot/slackApi.js';
import { fetchResponseUrls, inviteKapText, NOT_A_MEMBER } from '../bot/responseUrl.js';
import type { ResponseUrls } from '../bot/responseUrl.js';
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
  /**
   * The command's or button's response_url (checked by the bot: bot/responseUrl.ts): how the person who asked
   * is answered where Kap is not a member (30 minutes, 5 times).
   */
  responseUrl?: string;
}

export interface RecapJobDeps extends RecapServiceDeps {
  slack: SlackApi;
  signer: LinkSigner;
  /** Who may see what: the person who asked and the channel answered in must both read the session. */
  gate: SessionGate;
  /** Answers through a response_url; default: fetch, Slack's own URLs only (bot/responseUrl.ts). */
  responseUrls?: ResponseUrls;
}

export function recapJobHandler(deps: RecapJobDeps): JobHandler<RecapJob> {
  const responseUrls = deps.responseUrls ?? fetchResponseUrls();
  return async ({ data }) => {
    /** Says `text` to the person who asked: ephemerally where they asked, else (Kap not a member there) through the response_url. */
    const tell = async (text: string) => {
      if (data.kind === 'auto') return; // nobody asked
      const said = await deps.slack.postEphemeral({ channel: data.channel, user: data.requestedBy, text, ...(data.threadTs ? { threadTs: data.threadTs } : {}) });
      if (said.ok || !data.responseUrl) return;
      await responseUrls.reply(data.responseUrl, { text });
    };
    let summary: SessionSummary | undefined;
    if (data.session.kind === 'user') {
      summary = await latestReadableSessionOf(deps, data, data.session.userId);
      if (!summary) return tell(`I found no Kap session of <@${data.session.userId}> that you${data.kind === 'handoff' ? '' : ' and this channel'} may see.`);
    } else {
      summary = (await deps.readModel.get(data.session.sessionId))?.summary;
      if (!summary) return tell(`Kap has no session \`${data.session.sessionId}\`. Paste its link or id as \`kap sessions\` shows it.`);
    }
    const sessionId = summary.sessionId;
    if (data.kind === 'auto') {
      const quiet = (summary.status === 'idle' || summary.status === 'ended') && summary.activityRevision === data.coversRevision;
      if (!quiet || summary.sharedIn.length === 0) return;
    }
    const { channel, threadTs } = destination(data, summary);
    // The recap is posted where everyone in `channel` sees it: the person who asked and the channel must
    // both be allowed to read the session (access/sessionAccess.ts; issue #11).
    if (!(await deps.gate.allows(summary, readersOf(data, channel)))) {
      if (data.kind === 'auto' || !(await deps.gate.allows(summary, [{ kind: 'person', userId: data.requestedBy }]))) {
        return tell('You can’t see that session, so Kap can’t recap it for you. Ask its owner to share it with you (`/kap share <session> @you`).');
      }
      return tell(`That session is not shared with <#${channel}>, where the ${data.kind === 'handoff' ? 'handoff' : 'recap'} would be posted. Its owner can share it there with \`/kap share ${sessionId} <#${channel}>\`.`);
    }
    const result = await recapSession(deps, sessionId);
    if (!result.ok) {
      await tell(`Kap has no session \`${sessionId}\`. Paste its link or id as \`kap sessions\` shows it.`);
      return;
    }
    const { record } = result;
    summary = result.summary;
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
      await tell(NOT_A_MEMBER.has(posted.error) ? inviteKapText(`the ${data.kind === 'handoff' ? 'handoff' : 'recap'}`, channel) : `Slack refused the recap (${posted.error}).`);
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

/** Where the recap goes: a recap where it was asked; a handoff or auto recap in the thread where the session was shared (else where asked). */
function destination(data: RecapJob, summary: SessionSummary): { channel: string; threadTs: string | null } {
  const where = data.kind === 'recap' ? undefined : summary.sharedIn.at(-1);
  return { channel: where?.channel ?? data.channel, threadTs: where ? (where.threadTs ?? where.messageTs) : data.threadTs };
}

/**
 * Who will see a recap posted in `channel`: the person who asked and everyone in the channel; in the asker's
 * direct message with Kap, the asker alone; an auto recap has no asker, only its channel. Slack's direct
 * message ids start with `D` (https://docs.slack.dev/apis/web-api/#conversation-ids … "D" for DMs).
 */
export function readersOf(data: Pick<RecapJob, 'kind' | 'requestedBy'>, channel: string): Reader[] {
  const room: Reader = { kind: 'channel', channel };
  if (data.kind === 'auto') return [room];
  const person: Reader = { kind: 'person', userId: data.requestedBy };
  return channel.startsWith('D') ? [person] : [person, room];
}

/** The most recently active session `userId` owns (the access gate's owner) that this recap's readers may read. */
async function latestReadableSessionOf(deps: RecapJobDeps, data: RecapJob, userId: string): Promise<SessionSummary | undefined> {
  const sessions = await deps.readModel.list({ limit: 500 });
  for (const summary of sessions) {
    if ((await deps.gate.accessOf(summary)).owner.slackUserId !== userId) continue;
    if (await deps.gate.allows(summary, readersOf(data, destination(data, summary).channel))) return summary;
  }
  return undefined;
}
