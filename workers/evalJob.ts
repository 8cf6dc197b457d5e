/**
 * The evaluation job (`evals` queue): `/kap eval <session>` and the card's Evaluate button enqueue it; it finds
 * the session, gets its evaluation (evalService.ts) and posts it where it was asked (in the card's thread
 * when the button was pressed).
 * Who may: exactly as for a recap (recapJob.ts `readersOf`): the person who asked and everyone where it is
 * posted must be allowed to read the session (issue #11). What goes wrong is said to the person who asked
 * (ephemeral, else through the response_url), never silence. Slack transport failures throw (the job is
 * retried); Slack's refusals are reported.
 */
import type { SessionGate } from '../access/sessionGate.js';
import type { JobHandler } from '../jobs/jobQueue.js';
import { fetchResponseUrls, inviteKapText, NOT_A_MEMBER } from '../bot/responseUrl.js';
import type { ResponseUrls } from '../bot/responseUrl.js';
import type { SlackApi } from '../bot/slackApi.js';
import { buildEvalBlocks } from '../renderers/evalBlocks.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { evaluateSession } from './evalService.js';
import type { EvalServiceDeps } from './evalService.js';
import { readersOf } from './recapJob.js';

export const EVALS_QUEUE = 'evals';

export interface EvalJob {
  sessionId: string;
  /** Where it was asked (Slack channel id). */
  channel: string;
  /** Post in this thread (the card's message, for the Evaluate button). */
  threadTs: string | null;
  /** Slack user id of who asked. */
  requestedBy: string;
  /** The command's or button's response_url (checked by the bot: bot/responseUrl.ts), for answering where Kap is not a member. */
  responseUrl?: string;
}

export interface EvalJobDeps extends EvalServiceDeps {
  slack: SlackApi;
  signer: LinkSigner;
  /** Who may see what: the person who asked and the channel answered in must both read the session. */
  gate: SessionGate;
  /** Answers through a response_url; default: fetch, Slack's own URLs only (bot/responseUrl.ts). */
  responseUrls?: ResponseUrls;
}

export function evalJobHandler(deps: EvalJobDeps): JobHandler<EvalJob> {
  const responseUrls = deps.responseUrls ?? fetchResponseUrls();
  return async ({ data }) => {
    const tell = async (text: string) => {
      const said = await deps.slack.postEphemeral({ channel: data.channel, user: data.requestedBy, text, ...(data.threadTs ? { threadTs: data.threadTs } : {}) });
      if (said.ok || !data.responseUrl) return;
      await responseUrls.reply(data.responseUrl, { text });
    };
    const noSession = () => tell(`Kap has no session \`${data.sessionId}\`. Paste its link or id as \`kap sessions\` shows it.`);
    const summary = (await deps.readModel.get(data.sessionId))?.summary;
    if (!summary) return noSession();
    const { channel, threadTs } = data;
    if (!(await deps.gate.allows(summary, readersOf({ kind: 'recap', requestedBy: data.requestedBy }, channel)))) {
      if (!(await deps.gate.allows(summary, [{ kind: 'person', userId: data.requestedBy }]))) {
        return tell('You can’t see that session, so Kap can’t evaluate it for you. Ask its owner to share it with you (`/kap share <session> @you`).');
      }
      return tell(`That session is not shared with <#${channel}>, where the evaluation would be posted. Its owner can share it there with \`/kap share ${summary.sessionId} <#${channel}>\`.`);
    }
    const result = await evaluateSession(deps, summary.sessionId);
    if (!result.ok) return noSession();
    const message = buildEvalBlocks(result.record, result.summary, {
      sessionUrl: deps.signer.sessionPageUrl(summary.sessionId),
      now: deps.now(),
      lead: `<@${data.requestedBy}> asked for an evaluation.`,
      ...(result.modelFailure ? { modelFailure: result.modelFailure } : {}),
    });
    const posted = await deps.slack.postMessage({ channel, text: message.text, blocks: message.blocks, ...(threadTs ? { threadTs } : {}) });
    if (!posted.ok) await tell(NOT_A_MEMBER.has(posted.error) ? inviteKapText('the evaluation', channel) : `Slack refused the evaluation (${posted.error}).`);
  };
}
