/**
 * Kap's Slack app (Bolt): its receiver (HTTP on Kap's server, or Socket Mode when an app token is set) and
 * its listeners. Listeners are thin: they parse, call one use case (`unfurlLinks.ts` …), and report.
 */
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Access } from '../access/access.js';
import type { SlackConfig } from '../config/kapConfig.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { LinkSigner } from '../web/linkSigner.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import { CONTINUE_ACTION_ID, EVALUATE_ACTION_ID, OPEN_SESSION_ACTION_ID, RECAP_ACTION_ID } from '../renderers/sessionCardBlocks.js';
import { EVALS_QUEUE } from '../workers/evalJob.js';
import type { EvalJob } from '../workers/evalJob.js';
import { RECAPS_QUEUE } from '../workers/recapJob.js';
import type { RecapJob } from '../workers/recapJob.js';
import { FastifyReceiver } from './fastifyReceiver.js';
import { escapeMrkdwn } from '../renderers/mrkdwn.js';
import { KAP_HELP, parseKapCommand } from './kapCommand.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { HOST_CONTROL_ACTION_ID, PERMISSION_ALLOW_ACTION_ID, PERMISSION_DENY_ACTION_ID, SEND_NOW_ACTION_ID } from '../renderers/agentBlocks.js';
import { sendNow } from './sendNow.js';
import type { HostedSessionStore } from '../stores/hostedSessions.js';
import { threadKeyOf } from '../stores/hostedSessions.js';
import { PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import type { HostJob } from '../workers/hostedSessionJob.js';
import { applyHostControl, HOST_CONTROLS, tellInThread } from './hostControls.js';
import type { HostControl, HostControlDeps } from './hostControls.js';
import { relayThreadMessage } from './threadRelay.js';
import type { SeenEvents } from './seenEvents.js';
import { acceptShareOffer, decodeOffer, SHARE_CHANNEL_ACTION_ID } from './shareOffer.js';
import type { SlackApi, SlackResult } from './slackApi.js';
import { fetchResponseUrls, inviteKapText, isResponseUrl, NOT_A_MEMBER } from './responseUrl.js';
import type { ResponseUrls } from './responseUrl.js';
import { threadPermission } from './threadAccess.js';
import { reunfurlShared, unfurlLinks } from './unfurlLinks.js';
import type { LinkSharedEvent } from './unfurlLinks.js';
import { hideCommand, linkCommand, shareCommand } from './visibilityCommands.js';
import { usageAnswer } from '../usage/usageCommand.js';
import { decideApproval } from '../approvals/approvalClick.js';
import { APPROVAL_ALLOW_ACTION_ID, APPROVAL_DENY_ACTION_ID } from '../renderers/approvalBlocks.js';

export interface SlackAppDeps {
  slackConfig: SlackConfig;
  /** Where the HTTP receiver's route goes (ignored in Socket Mode). */
  server: FastifyInstance;
  store: EventStore;
  readModel: SessionReadModel;
  slack: SlackApi;
  signer: LinkSigner;
  publicImages: boolean;
  seen: SeenEvents;
  jobs: JobQueue;
  /** The hosted agents' registry and signals; undefined when this Kap hosts no agents. */
  hosting: { hosted: HostedSessionStore; signals: AgentSignals } | undefined;
  /** The signals a local session's remote approval waits on (approvals/); undefined: its buttons do nothing. */
  approvalSignals?: AgentSignals | undefined;
  /** Who may see what: every unfurl, command, button and thread reply asks its gate. */
  access: Access;
  /** Answers through a command's response_url (where Kap is not a member); default: fetch, Slack's URLs and SLACK_API_URL's origin only. */
  responseUrls?: ResponseUrls;
  logger: Logger;
  now: () => Date;
}

export interface RunningSlackApp {
  /** Connects Socket Mode; nothing for HTTP (Kap's server is already listening). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The fields of a block_actions payload Kap reads (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload). */
interface ButtonClick {
  trigger_id: string;
  /** Where an ephemeral answer goes when Kap is not in the conversation (30 minutes, 5 times). */
  response_url?: string;
  user: { id: string };
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
}

/**
 * A click on a button whose value is a session id (Recap, Evaluate): who clicked, in which conversation and
 * thread (the message's thread, else the message itself; null outside one); undefined without a session or
 * a conversation.
 */
function sessionButtonClick(body: unknown, action: unknown): { sessionId: string; channel: string; threadTs: string | null; requestedBy: string; responseUrl: string | undefined; triggerId: string } | undefined {
  const b = body as ButtonClick;
  const sessionId = (action as { value?: string }).value;
  const channel = b.channel?.id ?? b.container?.channel_id;
  if (!sessionId || !channel) return undefined;
  const threadTs = b.container?.thread_ts ?? b.container?.message_ts ?? b.message?.ts ?? null;
  return { sessionId, channel, threadTs, requestedBy: b.user.id, responseUrl: b.response_url, triggerId: b.trigger_id };
}

async function enqueueRecap(deps: SlackAppDeps, job: RecapJob, triggerId: string): Promise<void> {
  // One job per request (the trigger id); recaps of one session run one at a time, so a second request
  // finds the first one's stored recap instead of asking the model again.
  const key = job.session.kind === 'session' ? job.session.sessionId : job.session.userId;
  await deps.jobs.enqueue<RecapJob>(RECAPS_QUEUE, job, { jobId: `recap-${triggerId.replace(/[^A-Za-z0-9._-]/g, '_')}`, orderingKey: key, attempts: 3, backoffMs: 2000 });
}

async function enqueueEval(deps: SlackAppDeps, job: EvalJob, triggerId: string): Promise<void> {
  // Like recaps: one job per request, evaluations of one session one at a time, so a second request finds
  // the first one's stored evaluation instead of asking the model again.
  await deps.jobs.enqueue<EvalJob>(EVALS_QUEUE, job, { jobId: `eval-${triggerId.replace(/[^A-Za-z0-9._-]/g, '_')}`, orderingKey: job.sessionId, attempts: 3, backoffMs: 2000 });
}

async function enqueueHostJob(deps: SlackAppDeps, job: HostJob, triggerId: string): Promise<void> {
  await deps.jobs.enqueue<HostJob>(PROMPTS_QUEUE, job, { jobId: `${job.kind}-${triggerId.replace(/[^A-Za-z0-9._-]/g, '_')}`, orderingKey: job.threadKey, attempts: 1 });
}

/** Event ids are remembered this long: Slack retries within minutes. */
const SEEN_EVENT_TTL_MS = 60 * 60 * 1000;

export function createSlackApp(deps: SlackAppDeps): RunningSlackApp {
  const { slackConfig } = deps;
  const logger = boltLogger(deps.logger);
  const clientOptions = slackConfig.apiUrl ? { slackApiUrl: slackConfig.apiUrl } : {};
  let app: App;
  let socketMode = false;
  if (slackConfig.appToken) {
    socketMode = true;
    const receiver = new SocketModeReceiver({ appToken: slackConfig.appToken, logger });
    app = new App({ token: slackConfig.botToken, receiver, logger, clientOptions });
  } else {
    if (!slackConfig.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
    const receiver = new FastifyReceiver({
      signingSecret: slackConfig.signingSecret,
      nowMs: () => deps.now().getTime(),
      onError: (err) => deps.logger.error({ err }, 'slack listener failed'),
    });
    receiver.register(deps.server);
    app = new App({ token: slackConfig.botToken, receiver, logger, clientOptions });
  }

  // Slack retries an event it thinks was lost: handle each event_id once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await deps.seen.claim(eventId, SEEN_EVENT_TTL_MS))) return;
    await next();
  });

  const gate = deps.access.gate;
  const responseUrls = deps.responseUrls ?? fetchResponseUrls({ slackApiUrl: slackConfig.apiUrl });
  /** The response_url to carry in a job: only one Kap may post to (responseUrl.ts), else none. */
  const answerUrl = (url: string | undefined) => (url && isResponseUrl(url, slackConfig.apiUrl) ? { responseUrl: url } : {});
  const hostDeps = (hosting: NonNullable<SlackAppDeps['hosting']>): HostControlDeps => ({ ...deps, ...hosting, gate });

  app.event('link_shared', async ({ event }) => {
    const result = await unfurlLinks(event as unknown as LinkSharedEvent, deps);
    if (result && !result.ok) deps.logger.warn({ error: result.error }, 'chat.unfurl refused');
  });

  app.command('/kap', async ({ command, ack, respond }) => {
    const parsed = parseKapCommand(command.text, deps.signer.baseUrl);
    if (parsed.kind === 'help') return ack({ response_type: 'ephemeral', text: KAP_HELP });
    if (parsed.kind === 'invalid') return ack({ response_type: 'ephemeral', text: parsed.message });
    const origin = { channel: command.channel_id, user: command.user_id };
    if (parsed.kind === 'share') return ack({ response_type: 'ephemeral', text: await shareCommand({ ...deps, gate }, origin, parsed.sessionId, parsed.target) });
    if (parsed.kind === 'hide') return ack({ response_type: 'ephemeral', text: await hideCommand({ ...deps, gate }, origin, parsed.sessionId) });
    if (parsed.kind === 'usage') {
      // Counting may take longer than the 3 s an ack may: ack at once, answer through response_url (only the
      // asker sees it, so only what they may read counts).
      await ack({ response_type: 'ephemeral', text: 'Counting…' });
      const answer = await usageAnswer({ gate, readModel: deps.readModel, now: deps.now }, { askedBy: command.user_id, channel: command.channel_id, args: parsed.args, ephemeral: true });
      await respond({ response_type: 'ephemeral', replace_original: true, text: answer.text, blocks: answer.blocks });
      return;
    }
    if (parsed.kind === 'eval') {
      await ack({ response_type: 'ephemeral', text: 'Evaluating the session…' });
      await enqueueEval(deps, { sessionId: parsed.sessionId, channel: command.channel_id, threadTs: null, requestedBy: command.user_id, ...answerUrl(command.response_url) }, command.trigger_id);
      return;
    }
    if (parsed.kind === 'link') return ack({ response_type: 'ephemeral', text: await linkCommand({ ...deps, gate }, origin) });
    if (parsed.kind === 'host') {
      if (!deps.hosting) return ack({ response_type: 'ephemeral', text: 'This Kap runs no agent host: set KAP_AGENT_REPOS on its workers.' });
      await ack({ response_type: 'ephemeral', text: `Starting a hosted session on \`${parsed.repo}\`…` });
      const root: SlackResult<{ ts: string }> = await deps.slack.postMessage({
        channel: command.channel_id,
        // The branch and the prompt are told apart on the host (the first word is a branch only when the
        // repository has one of that name): its first message in the thread names both.
        text: `<@${command.user_id}> started a hosted Claude Code session on \`${escapeMrkdwn(parsed.repo)}\`. Reply in this thread to steer it.`,
      });
      if (!root.ok) {
        // Not a member (a channel Kap was not invited to, a DM): chat.postEphemeral fails the same way, the response_url does not.
        const text = NOT_A_MEMBER.has(root.error) ? inviteKapText('the hosted session’s thread', command.channel_id) : `I can't start the session’s thread here: Slack said \`${root.error}\`.`;
        const said = await deps.slack.postEphemeral({ channel: command.channel_id, user: command.user_id, text });
        if (said.ok) return;
        const answered = await responseUrls.reply(command.response_url, { text });
        if (!answered.ok) deps.logger.warn({ error: root.error, answer: answered }, 'could not tell the person why /kap host did not start');
        return;
      }
      const where = { threadKey: threadKeyOf(command.channel_id, root.ts), channel: command.channel_id, threadTs: root.ts, by: command.user_id, ...answerUrl(command.response_url) };
      await enqueueHostJob(deps, { kind: 'start', repo: parsed.repo, words: parsed.words, ...where }, command.trigger_id);
      return;
    }
    await ack({ response_type: 'ephemeral', text: parsed.kind === 'handoff' ? 'Preparing the handoff…' : 'Working on the recap…' });
    await enqueueRecap(deps, {
      kind: parsed.kind,
      session: parsed.session,
      channel: command.channel_id,
      threadTs: null,
      requestedBy: command.user_id,
      teammate: parsed.kind === 'handoff' ? parsed.teammate : null,
      ...answerUrl(command.response_url),
    }, command.trigger_id);
  });

  app.action({ action_id: RECAP_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const click = sessionButtonClick(body, action);
    if (!click) return;
    const { sessionId, channel, threadTs, requestedBy } = click;
    await enqueueRecap(deps, { kind: 'recap', session: { kind: 'session', sessionId }, channel, threadTs, requestedBy, teammate: null, ...answerUrl(click.responseUrl) }, click.triggerId);
  });

  app.action({ action_id: EVALUATE_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const click = sessionButtonClick(body, action);
    if (!click) return;
    const { sessionId, channel, threadTs, requestedBy } = click;
    await enqueueEval(deps, { sessionId, channel, threadTs, requestedBy, ...answerUrl(click.responseUrl) }, click.triggerId);
  });

  app.action({ action_id: CONTINUE_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const channel = b.channel?.id ?? b.container?.channel_id;
    const sessionId = (action as { value?: string }).value;
    const threadTs = b.container?.thread_ts ?? b.container?.message_ts ?? b.message?.ts;
    if (!channel || !sessionId || !threadTs) return;
    const tell = async (text: string) => {
      const said = await deps.slack.postEphemeral({ channel, user: b.user.id, threadTs, text });
      if (!said.ok) deps.logger.warn({ error: said.error }, 'Slack refused an ephemeral answer to Continue');
    };
    // Handing a session to the agent is steering it: the owner's consent (access/sessionAccess.ts canSteer).
    const answer = await gate.read(sessionId, { kind: 'token' });
    if (answer.kind === 'unknown') return tell(`Kap has no session \`${sessionId}\` to continue.`);
    if (!(await gate.steer(answer.summary, { kind: 'person', userId: b.user.id }, channel))) {
      const owner = answer.access.owner.slackUserId;
      return tell(`Only ${owner ? `<@${owner}>` : 'the session’s owner'} and the people they added can continue this session. They can add you with \`/kap share ${sessionId} @you\`.`);
    }
    if (!deps.hosting) {
      return tell('This Kap runs no agent host (set KAP_AGENT_REPOS). Resume the session locally with `claude --resume ' + sessionId + '`.');
    }
    await enqueueHostJob(deps, { kind: 'continue', sessionId, threadKey: threadKeyOf(channel, threadTs), channel, threadTs, by: b.user.id }, b.trigger_id);
  });

  app.message(async ({ message }) => {
    if (deps.hosting) await relayThreadMessage(hostDeps(deps.hosting), message);
  });

  for (const [actionId, behavior] of [[PERMISSION_ALLOW_ACTION_ID, 'allow'], [PERMISSION_DENY_ACTION_ID, 'deny']] as const) {
    app.action({ action_id: actionId }, async ({ ack, body, action }) => {
      await ack();
      const b = body as unknown as ButtonClick;
      const requestId = (action as { value?: string }).value;
      if (!deps.hosting || !requestId) return;
      const by = b.user.id;
      // The request is in the hosted session's thread; answering it is steering that session.
      const channel = b.channel?.id ?? b.container?.channel_id;
      const threadTs = b.message?.thread_ts ?? b.container?.thread_ts;
      const session = channel && threadTs ? await deps.hosting.hosted.get(threadKeyOf(channel, threadTs)) : undefined;
      if (!session) {
        const said = channel ? await deps.slack.postEphemeral({ channel, user: by, text: 'I can’t tell which hosted session this request belongs to, so I can’t take your answer.' }) : { ok: false as const, error: 'no_channel' };
        if (!said.ok) deps.logger.warn({ error: said.error }, 'a permission answer outside a hosted thread, and Slack refused to say so');
        return;
      }
      const may = await threadPermission({ gate, readModel: deps.readModel }, session, by, 'steer');
      if (!may.ok) return tellInThread(deps, session, by, may.text);
      const decided = await deps.hosting.signals.decide(requestId, behavior === 'allow' ? { behavior, by } : { behavior, by, message: `Denied by a teammate in Slack (${by}).` });
      if (!decided) await tellInThread(deps, session, by, 'Someone already answered that request.');
    });
  }

  // Remote approvals of local sessions (approvals/): the waiting request posts who answered.
  for (const [actionId, behavior] of [[APPROVAL_ALLOW_ACTION_ID, 'allow'], [APPROVAL_DENY_ACTION_ID, 'deny']] as const) {
    app.action({ action_id: actionId }, async ({ ack, body, action }) => {
      await ack();
      const b = body as unknown as ButtonClick;
      const channel = b.channel?.id ?? b.container?.channel_id;
      const signals = deps.approvalSignals;
      const text = signals ? await decideApproval({ gate, signals }, { behavior, value: (action as { value?: string }).value, by: b.user.id, channel }) : 'This Kap takes no approvals.';
      if (text === null || !channel) return;
      const said = await deps.slack.postEphemeral({ channel, user: b.user.id, ...(b.container?.thread_ts ? { threadTs: b.container.thread_ts } : {}), text });
      if (!said.ok) deps.logger.warn({ error: said.error }, 'Slack refused an ephemeral answer to an approval click');
    });
  }

  app.action({ action_id: new RegExp(`^${HOST_CONTROL_ACTION_ID}_`) }, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const channel = b.channel?.id ?? b.container?.channel_id;
    const threadTs = b.message?.thread_ts ?? b.container?.thread_ts;
    const control = (action as { value?: string }).value;
    if (!deps.hosting || !channel || !threadTs || !control || !(HOST_CONTROLS as readonly string[]).includes(control)) return;
    const session = await deps.hosting.hosted.get(threadKeyOf(channel, threadTs));
    if (session) await applyHostControl(hostDeps(deps.hosting), session, control as HostControl, b.user.id);
  });

  // "Send now" on a queued prompt (sendNow.ts): it runs next, the running turn is stopped.
  app.action({ action_id: SEND_NOW_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const channel = b.channel?.id ?? b.container?.channel_id;
    const threadTs = b.message?.thread_ts ?? b.container?.thread_ts;
    const jobId = (action as { value?: string }).value;
    if (!deps.hosting || !channel || !threadTs || !jobId) return;
    const session = await deps.hosting.hosted.get(threadKeyOf(channel, threadTs));
    if (session) await sendNow(hostDeps(deps.hosting), session, jobId, b.user.id);
  });

  // "Share with #channel?" (shareOffer.ts), offered to a session's owner where its link unfurled locked.
  app.action({ action_id: SHARE_CHANNEL_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const offer = decodeOffer((action as { value?: string }).value);
    if (!offer) return void deps.logger.warn('a Share click without an offer Kap made');
    await acceptShareOffer({ ...deps, gate, showCard: (o) => reunfurlShared(deps, o) }, offer, b.user.id, b.channel?.id ?? b.container?.channel_id);
  });

  // A URL button opens the page in the browser; Slack still sends the click, which needs an ack.
  app.action({ action_id: OPEN_SESSION_ACTION_ID }, async ({ ack }) => ack());

  app.error(async (error) => {
    deps.logger.error({ err: error }, 'slack app error');
  });

  return {
    async start() {
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
      await deps.seen.close();
    },
  };
}

/** Bolt's logger interface over pino. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
