/**
 * The composition root of `kap serve`: picks the adapters the configuration names (embedded SQLite unless
 * KURRENTDB_URL is set), starts the session projection and the ingest, and returns how to stop them.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { KapConfig } from '../config/kapConfig.js';
import { buildIngestApp } from '../ingest/buildIngestApp.js';
import { loadOrCreateToken } from '../ingest/token.js';
import { startSessionProjection } from '../projections/projectionRunner.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';

export interface RunningKap {
  /** Where the ingest listens, e.g. `http://127.0.0.1:7878`. */
  url: string;
  token: string;
  store: EventStore;
  /** Stops taking requests, commits the projection, closes the stores. */
  close(): Promise<void>;
}

/** The adapters the configuration names: KurrentDB or embedded SQLite events; Redis or SQLite read models. */
export async function openStores(config: Readonly<KapConfig>): Promise<{ store: EventStore; readModel: SessionReadModel }> {
  const store = config.kurrentdbUrl
    ? (await import('../stores/kurrentEventStore.js')).createKurrentEventStore({ connectionString: config.kurrentdbUrl })
    : createSqliteEventStore({ path: join(config.dataDir, 'events.db') });
  const readModel = config.redisUrl
    ? (await import('../stores/redisReadModel.js')).createRedisReadModel({ url: config.redisUrl })
    : createSqliteReadModel({ path: join(config.dataDir, 'readmodels.db') });
  return { store, readModel };
}

export async function startKap(config: Readonly<KapConfig>, logger: Logger): Promise<RunningKap> {
  const { store, readModel } = await openStores(config);
  const token = config.token ?? loadOrCreateToken(config.dataDir);
  const projection = await startSessionProjection({
    store,
    readModel,
    onError: (error, event) => logger.error({ err: error, eventId: event?.id, stream: event?.streamName }, 'projection could not fold an event'),
  });
  const app = buildIngestApp({ store, readModel, token, bodyLimitBytes: config.bodyLimitBytes, logger: logger.child({ role: 'ingest' }) });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    url: address,
    token,
    store,
    async close() {
      await app.close();
      await projection.stop();
      await store.close();
      await readModel.close();
    },
  };
}
