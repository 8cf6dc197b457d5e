/**
 * The bot role: session pages and card images on this process's HTTP server, and the Slack app when a bot
 * token is configured. Without `KAP_PUBLIC_URL` links point where this process listens, and card images are
 * left out of unfurls (Slack could not fetch them). With a Slack app and its client id and secret
 * (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET), people sign in with Slack to open pages (web/slackSignIn.ts), and
 * their web sessions live in Redis (REDIS_URL) or `<dataDir>/websessions.db`.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createMemorySeenEvents } from '../bot/seenEvents.js';
import { createSlackApp } from '../bot/slackApp.js';
import type { RunningSlackApp } from '../bot/slackApp.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { Access } from '../access/access.js';
import type { KapConfig } from '../config/kapConfig.js';
import { renderCardPng } from '../renderers/cardImage.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import type { Hosting } from './startAgentHost.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { registerWebRoutes } from '../web/webRoutes.js';
import type { WebRoutesDeps } from '../web/webRoutes.js';
import { authorizeUrlFor, createSlackSignIn } from '../web/slackSignIn.js';
import type { SlackSignIn } from '../web/slackSignIn.js';
import { secureCookies } from '../web/webCookies.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import { createSqliteWebSessions, WEB_SESSIONS_FILE } from '../stores/sqliteWebSessions.js';
import type { SearchIndex } from '../search/searchIndex.js';

export interface BotRoleDeps {
  config: Readonly<KapConfig>;
  server: FastifyInstance;
  store: EventStore;
  readModel: SessionReadModel;
  jobs: JobQueue;
  /** Signs links (shared with the workers in this process). */
  signer: LinkSigner;
  /** The Slack Web API, when a Slack app is configured (shared with the workers in this process). */
  slack: SlackApi | undefined;
  /** The agent host's registry and signals, when this Kap hosts agents. */
  hosting: Hosting | undefined;
  /** The signals remote approvals wait on (approvals/approvalSignals.ts), when Slack is configured. */
  approvalSignals?: AgentSignals | undefined;
  /** Who may see what: every page, card and Slack answer asks its gate. */
  access: Access;
  /** Projections' commits, for what the web shows live; absent when this process neither projects nor serves pages. */
  feed?: SessionFeed | undefined;
  renderPage: WebRoutesDeps['renderPage'];
  timelineOf: WebRoutesDeps['timelineOf'];
  /** The search index behind the `/search` page. */
  search?: SearchIndex | undefined;
  logger: Logger;
  now: () => Date;
}

export interface BotRole {
  slackApp: RunningSlackApp | undefined;
  close(): Promise<void>;
}

/** Registers the bot's routes on `deps.server` (before it listens); `slackApp.start()` once it does. */
export async function setUpBotRole(deps: BotRoleDeps): Promise<BotRole> {
  const { config, now, signer } = deps;
  const signIn = await openSignIn(config, signer, now);
  registerWebRoutes(deps.server, {
    readModel: deps.readModel,
    signer,
    access: deps.access,
    feed: deps.feed,
    signIn,
    secureCookies: secureCookies(config.publicUrl),
    webSessionTtlMs: config.webSessionTtlMs,
    now,
    renderPage: deps.renderPage,
    ...(deps.timelineOf ? { timelineOf: deps.timelineOf } : {}),
    search: deps.search,
    renderCardPng: (summary) => renderCardPng(summary, { now: now() }),
  });
  let slackApp: RunningSlackApp | undefined;
  if (config.slack && deps.slack) {
    const seen = config.redisUrl ? (await import('../bot/redisSeenEvents.js')).createRedisSeenEvents({ url: config.redisUrl }) : createMemorySeenEvents();
    slackApp = createSlackApp({
      slackConfig: config.slack,
      server: deps.server,
      store: deps.store,
      readModel: deps.readModel,
      slack: deps.slack,
      signer,
      publicImages: config.publicUrl !== undefined,
      seen,
      jobs: deps.jobs,
      hosting: deps.hosting,
      approvalSignals: deps.approvalSignals,
      access: deps.access,
      logger: deps.logger,
      now,
    });
  }
  return {
    slackApp,
    async close() {
      await slackApp?.stop();
      await signIn?.sessions.close();
    },
  };
}

/** The web session store the configuration names: Redis when REDIS_URL is set, else `<dataDir>/websessions.db`. */
export async function openWebSessions(config: Readonly<KapConfig>, now: () => Date): Promise<WebSessionStore> {
  if (config.redisUrl) return (await import('../stores/redisWebSessions.js')).createRedisWebSessions({ url: config.redisUrl, now });
  return createSqliteWebSessions({ path: join(config.dataDir, WEB_SESSIONS_FILE), now });
}

/** Sign in with Slack, when a Slack app with a client id and secret is configured; else undefined. */
async function openSignIn(config: Readonly<KapConfig>, signer: LinkSigner, now: () => Date): Promise<{ flow: SlackSignIn; sessions: WebSessionStore } | undefined> {
  const slack = config.slack;
  if (!slack?.clientId || !slack.clientSecret) return undefined;
  const { createWebClientSlackOpenId } = await import('../web/webClientSlackOpenId.js');
  const openId = createWebClientSlackOpenId({ clientId: slack.clientId, clientSecret: slack.clientSecret, botToken: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  const sessions = await openWebSessions(config, now);
  const flow = createSlackSignIn({
    openId,
    sessions,
    clientId: slack.clientId,
    authorizeUrl: authorizeUrlFor(slack.apiUrl),
    // Read at each sign-in: without KAP_PUBLIC_URL the base is where Kap listens, known once it does.
    redirectUri: () => `${signer.baseUrl}/auth/slack/callback`,
    sessionTtlMs: config.webSessionTtlMs,
  });
  return { flow, sessions };
}
