/**
 * Kap's Slack app (Bolt): its receiver (HTTP on Kap's server, or Socket Mode when an app token is set) and
 * its listeners. Listeners are thin: they parse, call one use case (`unfurlLinks.ts` …), and report.
 */
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SlackConfig } from '../config/kapConfig.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { LinkSigner } from '../web/linkSigner.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import { CONTINUE_ACTION_ID, OPEN_SESSION_ACTION_ID, RECAP_ACTION_ID } from '../renderers/sessionCardBlocks.js';
import { RECAPS_QUEUE } from '../workers/recapJob.js';
import type { RecapJob } from '../workers/recapJob.js';
import { FastifyReceiver } from './fastifyReceiver.js';
import { KAP_HELP, parseKapCommand } from './kapCommand.js';
import type { SeenEvents } from './seenEvents.js';
import type { SlackApi } from './slackApi.js';
import { unfurlLinks } from './unfurlLinks.js';
import type { LinkSharedEvent } from './unfurlLinks.js';

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
  user: { id: string };
  channel?: { id: string };
  message?: { ts: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
}

async function enqueueRecap(deps: SlackAppDeps, job: RecapJob, triggerId: string): Promise<void> {
  // One job per request (the trigger id); recaps of one session run one at a time, so a second request
  // finds the first one's stored recap instead of asking the model again.
  const key = job.session.kind === 'session' ? job.session.sessionId : job.session.userId;
  await deps.jobs.enqueue<RecapJob>(RECAPS_QUEUE, job, { jobId: `recap-${triggerId.replace(/[^A-Za-z0-9._-]/g, '_')}`, orderingKey: key, attempts: 3, backoffMs: 2000 });
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

  app.event('link_shared', async ({ event }) => {
    const result = await unfurlLinks(event as unknown as LinkSharedEvent, deps);
    if (result && !result.ok) deps.logger.warn({ error: result.error }, 'chat.unfurl refused');
  });

  app.command('/kap', async ({ command, ack }) => {
    const parsed = parseKapCommand(command.text, deps.signer.baseUrl);
    if (parsed.kind === 'help') return ack({ response_type: 'ephemeral', text: KAP_HELP });
    if (parsed.kind === 'invalid') return ack({ response_type: 'ephemeral', text: parsed.message });
    await ack({ response_type: 'ephemeral', text: parsed.kind === 'handoff' ? 'Preparing the handoff…' : 'Working on the recap…' });
    await enqueueRecap(deps, {
      kind: parsed.kind,
      session: parsed.session,
      channel: command.channel_id,
      threadTs: null,
      requestedBy: command.user_id,
      teammate: parsed.kind === 'handoff' ? parsed.teammate : null,
    }, command.trigger_id);
  });

  app.action({ action_id: RECAP_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const sessionId = (action as { value?: string }).value;
    const channel = b.channel?.id ?? b.container?.channel_id;
    if (!sessionId || !channel) return;
    const threadTs = b.container?.thread_ts ?? b.container?.message_ts ?? b.message?.ts ?? null;
    await enqueueRecap(deps, { kind: 'recap', session: { kind: 'session', sessionId }, channel, threadTs, requestedBy: b.user.id, teammate: null }, b.trigger_id);
  });

  app.action({ action_id: CONTINUE_ACTION_ID }, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ButtonClick;
    const channel = b.channel?.id ?? b.container?.channel_id;
    if (!channel) return;
    const said = await deps.slack.postEphemeral({
      channel,
      user: b.user.id,
      text: 'Continuing a session needs Kap\'s agent host, which this Kap does not run yet. Open the session and resume it locally with `claude --resume <session id>`.',
    });
    if (!said.ok) deps.logger.warn({ error: said.error }, 'chat.postEphemeral refused');
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
