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
import { FastifyReceiver } from './fastifyReceiver.js';
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
  logger: Logger;
  now: () => Date;
}

export interface RunningSlackApp {
  /** Connects Socket Mode; nothing for HTTP (Kap's server is already listening). */
  start(): Promise<void>;
  stop(): Promise<void>;
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
