/**
 * The composition root of `kap serve`: opens the adapters the configuration names, then starts the roles
 * this process plays (`KAP_ROLE` / `--role`; `all` by default, the embedded default in one process):
 *   ingest       POST /v1/events, GET /v1/sessions[/:id]
 *   projections  the projection runners; they start the idle timers of running sessions, and with Slack
 *                schedule live card refreshes and wait notices (workers/liveCards.ts, workers/waitNotices.ts)
 *   workers      the job handlers (idle timers; recaps, live cards, wait notices, card renders and prompt relay)
 *   bot          the Slack app, session pages and card images
 * Every process serves `GET /healthz` on its port. `close()` drains in order: HTTP, projections, jobs, stores.
 *
 * At start: the data dir is made its user's alone (0700); the read models are held against the event store
 * (stores/storeConsistency.ts) and a store that lost events is logged as an error and reported `degraded`
 * on `/healthz`; the port is taken before the projections and workers start, so a busy port fails at once
 * (`KapStartError`) with everything opened closed again.
 */
import Fastify from 'fastify';
import { ensurePrivateDir } from '../stores/privateFiles.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KapConfig } from '../config/kapConfig.js';
import { playsRole } from '../config/kapConfig.js';
import { buildIngestApp } from '../ingest/buildIngestApp.js';
import { collectorPaths } from '../collector/collectorState.js';
import { cachedGitContext } from '../collector/gitContext.js';
import { startLocalDrainer } from '../collector/localDrainer.js';
import type { HealthReport } from '../ingest/healthRoute.js';
import { registerHealthRoute } from '../ingest/healthRoute.js';
import { KAP_SERVER_OPTIONS } from '../ingest/serverOptions.js';
import { loadOrCreateToken } from '../ingest/token.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { IDLE_TIMERS_QUEUE, idleTimerHandler, idleTimersOnCommit, scheduleIdleTimers } from '../workers/idleTimer.js';
import { initialTimeline } from '../projections/sessionTimeline.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { renderSessionPage } from '../renderers/sessionPage.js';
import { loadOrCreateLinkSecret } from '../web/linkSecret.js';
import { createLinkSigner } from '../web/linkSigner.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { RECAPS_QUEUE, recapJobHandler } from '../workers/recapJob.js';
import { EVALS_QUEUE, evalJobHandler } from '../workers/evalJob.js';
import { openJudge } from './openJudge.js';
import { recapSession } from '../workers/recapService.js';
import { storedEvaluationOf } from '../workers/evalService.js';
import type { Recapper } from '../recaps/recapper.js';
import { scheduleAutoRecaps } from '../workers/autoRecap.js';
import { LIVE_CARD_INTERVAL_MS, LIVE_CARDS_QUEUE, liveCardHandler, liveCardsOnCommit } from '../workers/liveCards.js';
import { WAIT_NOTICE_DELAY_MS, WAIT_NOTICES_QUEUE, waitNoticeHandler, waitNoticesOnCommit } from '../workers/waitNotices.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { openJobQueue, openRecapper, openSessionFeed, openSlackApi, openStores, projectionsOf } from './openStores.js';
import { summaryChanges, timelineChanges } from '../projections/sessionChanges.js';
import { openHosting, startAgentWorker } from './startAgentHost.js';
import { openAccess } from './openAccess.js';
import { fetchResponseUrls } from '../bot/responseUrl.js';
import { scheduleWeeklyDigest, WEEKLY_DIGEST_QUEUE, weeklyDigestHandler } from '../workers/weeklyDigest.js';
import type { Access } from './openAccess.js';
import { loadVisibilityPolicy } from '../access/visibilityPolicy.js';
import { setUpBotRole } from './startBotRole.js';
import { listenError } from './kapStartError.js';
import { storeConsistencyOf } from './storeConsistencyOf.js';
import { openApprovalSignals } from '../approvals/approvalSignals.js';
import { askRemoteApproval } from '../approvals/remoteApproval.js';

export { openStores } from './openStores.js';

export { KapStartError } from './kapStartError.js';

export interface RunningKap {
  /** Where this process listens, e.g. `http://127.0.0.1:7878`. */
  url: string;
  token: string;
  store: EventStore;
  readModel: SessionReadModel;
  jobs: JobQueue;
  /** Signs session links and card URLs. */
  signer: LinkSigner;
  /** Who may see what: the gate every read goes through, identity links. */
  access: Access;
  /** What `/healthz` answers: degraded when the event store lost events the read models have seen. */
  health(): HealthReport;
  /** Stops taking requests, commits the projections, drains the jobs, closes the stores. */
  close(): Promise<void>;
}

export interface StartKapOptions {
  /** The clock (idle timers, signed links). Default `() => new Date()`. */
  now?: () => Date;
  /**
   * Drain the collector inbox of this data dir in this process (collector/localDrainer.ts), so hooks on this
   * machine start no drainer of their own. `kap serve` sets it when it plays the ingest; default off.
   */
  drainLocalInbox?: boolean;
  /** At most one live card refresh per message this often, in ms. Default `LIVE_CARD_INTERVAL_MS` (tests shorten it). */
  liveCardIntervalMs?: number;
  /** How long a wait lasts before its owner gets a DM, in ms. Default `WAIT_NOTICE_DELAY_MS`. */
  waitNoticeDelayMs?: number;
}

/** Starts the roles; throws `KapStartError` when the port cannot be taken (after closing what it opened). */
export async function startKap(config: Readonly<KapConfig>, logger: Logger, options: StartKapOptions = {}): Promise<RunningKap> {
  const now = options.now ?? (() => new Date());
  const embedded = !config.kurrentdbUrl || !config.redisUrl;
  if (embedded || !config.token || !config.linkSecret) ensurePrivateDir(config.dataDir);
  const policy = loadVisibilityPolicy(config.access.defaultVisibility, config.access.rulesFile);
  const stores = await openStores(config);
  const jobs = await openJobQueue(config);
  const { store, readModel } = stores;
  const token = config.token ?? loadOrCreateToken(config.dataDir);
  const stopProjections: Array<() => Promise<void>> = [];

  const consistency = await storeConsistencyOf(stores);
  const health = (): HealthReport => (consistency.ok ? { ok: true } : { ok: false, status: 'degraded', problems: consistency.problems });
  if (!consistency.ok) {
    for (const problem of consistency.problems) logger.error({ code: problem.code, sessionIds: problem.sessionIds }, problem.message);
  }

  let address = '';
  const signer = createLinkSigner({
    secret: config.linkSecret ?? loadOrCreateLinkSecret(config.dataDir),
    baseUrl: () => config.publicUrl ?? (address || config.url),
    ttlMs: config.linkTtlMs,
    // With Slack people sign in to open pages (web/pageReader.ts): a page link is the plain `/s/<id>`.
    plainPageLinks: config.slack !== undefined,
    now,
  });

  const slack = await openSlackApi(config);
  // Projections publish their commits; the web shows them live (status dots, live follow).
  const feed = playsRole(config, 'projections') || playsRole(config, 'bot') ? await openSessionFeed(config) : undefined;
  const access = openAccess(policy, store, readModel, slack, now);
  // Slash commands' response_url: Slack's hooks host, or the configured Web API's origin (a stand-in in tests).
  const responseUrls = fetchResponseUrls(config.slack?.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {});
  const hosting = config.agentHost && (playsRole(config, 'workers') || playsRole(config, 'bot')) ? await openHosting(config) : undefined;
  // Remote approvals: the ingest waits on these signals, the bot's Allow / Deny sends on them.
  const approvals = slack && (playsRole(config, 'ingest') || playsRole(config, 'bot')) ? await openApprovalSignals(config, hosting) : undefined;
  const closeApprovals = async () => (approvals?.owned ? approvals.signals.close() : undefined);

  // Recall's recaps (`GET /v1/recall/sessions/:id/recap`): the recapper is opened on first use.
  let recapperOpened: Promise<Recapper> | undefined;
  const recapper = () => (recapperOpened ??= openRecapper(config, now));

  const app: FastifyInstance = playsRole(config, 'ingest')
    ? buildIngestApp({
        store,
        readModel,
        token,
        bodyLimitBytes: config.bodyLimitBytes,
        sessionLink: (id) => signer.sessionPageUrl(id),
        access,
        search: stores.search,
        timelines: stores.timelines,
        recap: async (sessionId) => recapSession({ store, readModel, timelines: stores.timelines, recapper: await recapper(), now }, sessionId),
        now,
        logger: logger.child({ role: 'ingest' }),
        health,
        ...(approvals ? { askApproval: (ask, signal) => askRemoteApproval({ store, readModel, gate: access.gate, slack, signals: approvals.signals, now }, ask, signal) } : {}),
      })
    : healthApp(health);
  const bot = playsRole(config, 'bot')
    ? await setUpBotRole({
        config,
        server: app,
        store,
        readModel,
        jobs,
        signer,
        slack,
        hosting,
        approvalSignals: approvals?.signals,
        access,
        feed,
        search: stores.search,
        renderPage: async (summary, view) =>
          renderSessionPage({
            summary,
            timeline: (await stores.timelines.get(summary.sessionId)) ?? initialTimeline(summary.sessionId),
            now: now(),
            evaluation: summary.evalVerdict ? await storedEvaluationOf(store, summary) : undefined,
            ...view,
          }),
        timelineOf: (sessionId) => stores.timelines.get(sessionId),
        logger: logger.child({ role: 'bot' }),
        now,
      })
    : undefined;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => undefined);
    await bot?.close().catch(() => undefined);
    await jobs.close().catch(() => undefined);
    await hosting?.close().catch(() => undefined);
    await closeApprovals().catch(() => undefined);
    await feed?.close().catch(() => undefined);
    await stores.close().catch(() => undefined);
    throw listenError(error, config.host, config.port);
  }

  if (playsRole(config, 'projections')) {
    const log = logger.child({ role: 'projections' });
    const idleTimers = idleTimersOnCommit(jobs, config.idleAfterMs, now, (err) => log.warn({ err }, 'could not schedule idle timers'));
    // Scheduled here, run by the workers (which need Slack to post).
    const autoRecapAfterMs = config.autoRecapAfterMs;
    const liveCards = config.slack
      ? liveCardsOnCommit(jobs, { intervalMs: options.liveCardIntervalMs ?? LIVE_CARD_INTERVAL_MS, now, onError: (err) => log.warn({ err }, 'could not schedule live card refreshes') })
      : undefined;
    // A wait older than the idle timer's "long quiet" when committed is history catching up: no DM.
    const waitNotices = config.slack
      ? waitNoticesOnCommit(jobs, { delayMs: options.waitNoticeDelayMs ?? WAIT_NOTICE_DELAY_MS, staleAfterMs: 2 * config.idleAfterMs, now, onError: (err) => log.warn({ err }, 'could not schedule wait notices') })
      : undefined;
    const onSummariesCommitted = (states: readonly SessionFoldState[]) => {
      void feed?.publish(summaryChanges(states));
      idleTimers(states);
      liveCards?.(states);
      waitNotices?.(states);
      if (autoRecapAfterMs !== undefined) {
        scheduleAutoRecaps(
          jobs,
          states.map((s) => s.summary),
          autoRecapAfterMs,
        ).catch((err: unknown) => log.warn({ err }, 'could not schedule automatic recaps'));
      }
    };
    const onTimelinesCommitted = (states: readonly SessionTimeline[]) => void feed?.publish(timelineChanges(states));
    for (const projection of projectionsOf(stores, { onSummariesCommitted, onTimelinesCommitted })) {
      const runner = await projection.start(store, (err, event) =>
        log.error({ err, projection: projection.name, eventId: event?.id, stream: event?.streamName }, 'projection could not fold or commit'),
      );
      stopProjections.push(() => runner.stop());
    }
  }

  if (playsRole(config, 'workers')) {
    const log = logger.child({ role: 'workers' });
    if (slack && config.agentHost && hosting) {
      await startAgentWorker({
        host: config.agentHost,
        hosting,
        jobs,
        store,
        readModel,
        slack,
        signer,
        gate: access.gate,
        responseUrls,
        kapUrl: () => (playsRole(config, 'ingest') && address ? address : config.url),
        token,
        now,
        onFailed: (jobId, err) => log.error({ err, jobId }, 'hosted session job failed'),
      });
    }
    if (slack) {
      const recapper = await openRecapper(config, now);
      if (config.digestChannel) {
        await jobs.process(WEEKLY_DIGEST_QUEUE, weeklyDigestHandler({ gate: access.gate, readModel, slack, jobs, channel: config.digestChannel, now }), {
          onFailed: (job, err) => log.error({ err, jobId: job.id }, 'weekly digest failed'),
        });
        await scheduleWeeklyDigest(jobs, now());
      }
      await jobs.process(RECAPS_QUEUE, recapJobHandler({ store, readModel, timelines: stores.timelines, recapper, slack, signer, gate: access.gate, responseUrls, now }), {
        concurrency: 4,
        onFailed: (job, err) => log.error({ err, jobId: job.id }, 'recap job failed'),
      });
      const judge = await openJudge(config, now);
      await jobs.process(EVALS_QUEUE, evalJobHandler({ store, readModel, timelines: stores.timelines, judge, slack, signer, gate: access.gate, responseUrls, now }), {
        concurrency: 2,
        onFailed: (job, err) => log.error({ err, jobId: job.id }, 'evaluation job failed'),
      });
      await jobs.process(
        LIVE_CARDS_QUEUE,
        liveCardHandler({ store, readModel, slack, signer, gate: access.gate, publicImages: config.publicUrl !== undefined, logger: log, now }),
        { concurrency: 4, onFailed: (job, err) => log.error({ err, jobId: job.id }, 'live card refresh failed') },
      );
      await jobs.process(WAIT_NOTICES_QUEUE, waitNoticeHandler({ store, readModel, slack, signer, gate: access.gate, logger: log }), {
        concurrency: 2,
        onFailed: (job, err) => log.error({ err, jobId: job.id }, 'wait notice failed'),
      });
    }
    await jobs.process(IDLE_TIMERS_QUEUE, idleTimerHandler({ store, readModel, idleAfterMs: config.idleAfterMs, now }), {
      onFailed: (job, err) => log.error({ err, jobId: job.id }, 'idle timer failed'),
    });
    // Timers of the in-process queue die with the process: restart those of the sessions still running.
    const running = (await readModel.list({ limit: 1000 })).filter((s) => s.status === 'running');
    await scheduleIdleTimers(jobs, running, config.idleAfterMs, now);
  }

  const localDrainer =
    options.drainLocalInbox && playsRole(config, 'ingest')
      ? startLocalDrainer({
          paths: collectorPaths(config.dataDir),
          target: { url: address, token, timeoutMs: 10_000 },
          now,
          logger: logger.child({ role: 'collector' }),
          readContext: cachedGitContext(),
        })
      : undefined;

  await bot?.slackApp?.start();
  logger.info({ roles: config.roles, url: address }, 'kap started');

  return {
    url: address,
    token,
    store,
    readModel,
    jobs,
    signer,
    access,
    health,
    async close() {
      await localDrainer?.close(); // a drain in flight posts to this process: it finishes first
      await app.close(); // no new Slack events first: they are acked before they are handled
      await bot?.close();
      for (const stop of stopProjections) await stop();
      await jobs.close();
      await hosting?.close();
      await closeApprovals();
      await feed?.close();
      await stores.close();
    },
  };
}

/** The HTTP app of a process that serves no ingest routes: `GET /healthz` (and the bot's, when it plays). */
function healthApp(health: () => HealthReport): FastifyInstance {
  const app = Fastify({ ...KAP_SERVER_OPTIONS, logger: false });
  registerHealthRoute(app, health);
  return app;
}
