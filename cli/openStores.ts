/**
 * The adapters the configuration names: KurrentDB or embedded SQLite events; Redis or SQLite read models;
 * BullMQ or in-process jobs. Vendor modules are imported only when configured.
 */
import { join } from 'node:path';
import type { KapConfig } from '../config/kapConfig.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import type { Recapper } from '../recaps/recapper.js';
import { createRulesRecapper } from '../recaps/rulesRecap.js';
import { keepProjection } from '../projections/keptProjection.js';
import type { KeptProjection } from '../projections/keptProjection.js';
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import type { ProjectionStateStore } from '../projections/projection.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { sessionTimelineProjection } from '../projections/sessionTimelineProjection.js';
import { createSqliteStateStore } from '../stores/sqliteStateStore.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createInProcessSessionFeed } from '../stores/inProcessSessionFeed.js';
import type { SessionFeed } from '../stores/sessionFeed.js';
import { searchDocsProjection } from '../search/searchDocs.js';
import type { SearchIndex } from '../search/searchIndex.js';
import { createSqliteSearchIndex } from '../stores/sqliteSearchIndex.js';

export interface KapStores {
  store: EventStore;
  /** Session summaries. */
  readModel: SessionReadModel;
  /** Session timelines (what the session page shows). */
  timelines: ProjectionStateStore<SessionTimeline>;
  /** The search index (search/searchIndex.ts): PostgreSQL with KAP_SEARCH_URL, else SQLite FTS5 in `readmodels.db`. */
  search: SearchIndex;
  /** Closes every adapter opened here. */
  close(): Promise<void>;
}

export async function openStores(config: Readonly<KapConfig>): Promise<KapStores> {
  const store = config.kurrentdbUrl
    ? (await import('../stores/kurrentEventStore.js')).createKurrentEventStore({ connectionString: config.kurrentdbUrl })
    : createSqliteEventStore({ path: join(config.dataDir, 'events.db') });
  const readModel = config.redisUrl
    ? (await import('../stores/redisReadModel.js')).createRedisReadModel({ url: config.redisUrl })
    : createSqliteReadModel({ path: join(config.dataDir, 'readmodels.db') });
  const timelineOptions = { kind: 'timeline', sessionIdOf: (t: SessionTimeline) => t.sessionId };
  const timelines = config.redisUrl
    ? (await import('../stores/redisStateStore.js')).createRedisStateStore<SessionTimeline>({ url: config.redisUrl, ...timelineOptions })
    : createSqliteStateStore<SessionTimeline>({ path: join(config.dataDir, 'readmodels.db'), ...timelineOptions });
  const search = config.searchUrl
    ? await (await import('../stores/postgresSearchIndex.js')).createPostgresSearchIndex({ url: config.searchUrl })
    : createSqliteSearchIndex({ path: join(config.dataDir, 'readmodels.db') });
  return {
    store,
    readModel,
    timelines,
    search,
    async close() {
      await store.close();
      await readModel.close();
      await timelines.close();
      await search.close();
    },
  };
}

/** Every projection Kap keeps, bound to where its states live. */
export function projectionsOf(
  stores: KapStores,
  hooks: { onSummariesCommitted?: (states: readonly SessionFoldState[]) => void; onTimelinesCommitted?: (states: readonly SessionTimeline[]) => void } = {},
): KeptProjection[] {
  return [
    keepProjection(sessionSummaryProjection, stores.readModel, { onCommitted: hooks.onSummariesCommitted }),
    // Timelines are large documents: keep few in memory between commits.
    keepProjection(sessionTimelineProjection, stores.timelines, { cacheSize: 32, onCommitted: hooks.onTimelinesCommitted }),
    // Search states are bookkeeping; their documents leave memory at each commit (search/searchDocs.ts).
    keepProjection(searchDocsProjection, stores.search),
  ];
}

/** The Slack Web API with the bot token, or undefined when no Slack app is configured. */
export async function openSlackApi(config: Readonly<KapConfig>): Promise<SlackApi | undefined> {
  const slack = config.slack;
  if (!slack) return undefined;
  return (await import('../bot/webClientSlackApi.js')).createWebClientSlackApi({ token: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
}

/** The model's recapper when ANTHROPIC_API_KEY is set, else the rules'. */
export async function openRecapper(config: Readonly<KapConfig>, now: () => Date): Promise<Recapper> {
  const model = config.recapModel;
  if (!model) return createRulesRecapper({ now });
  return (await import('../recaps/anthropicRecapper.js')).createAnthropicRecapper({ ...model, ...(model.baseUrl ? { baseURL: model.baseUrl } : {}), now });
}

/** The session feed (stores/sessionFeed.ts): Redis pub/sub when REDIS_URL is set (roles may be separate processes), else in-process. */
export async function openSessionFeed(config: Readonly<KapConfig>): Promise<SessionFeed> {
  if (config.redisUrl) return (await import('../stores/redisSessionFeed.js')).createRedisSessionFeed({ url: config.redisUrl });
  return createInProcessSessionFeed();
}

/** BullMQ on Redis when REDIS_URL is set, else the in-process queue (the embedded default). */
export async function openJobQueue(config: Readonly<KapConfig>): Promise<JobQueue> {
  if (config.redisUrl) return (await import('../jobs/bullmqJobQueue.js')).createBullmqJobQueue({ url: config.redisUrl });
  return (await import('../jobs/inProcessJobQueue.js')).createInProcessJobQueue();
}
