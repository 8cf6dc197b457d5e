/**
 * Keeps session summaries current: a catch-up subscription to every `session-*` stream from the stored
 * checkpoint, the pure fold applied per event, and the touched summaries written together with the new
 * checkpoint (one read-model transaction). Delivery is at least once: after a crash the events since the
 * last commit are folded again, and the fold ignores what a summary already covers (its revision).
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { foldSessionEvent, initialSessionState } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

export const SESSION_SUMMARY_CHECKPOINT = 'session-summary';

export interface ProjectionRunnerOptions {
  store: EventStore;
  readModel: SessionReadModel;
  /** Checkpoint name. Default `session-summary`. */
  checkpointName?: string;
  /** Commit after this many events even while events keep coming. Default 500. */
  batchSize?: number;
  /** Commit at most this long after an event, in ms. Default 5. */
  flushDelayMs?: number;
  /** Called for an event the fold could not handle (it is skipped; the stream keeps it). */
  onError?: (error: unknown, event?: RecordedEvent) => void;
}

export interface ProjectionRunner {
  /** Resolves once everything folded so far is committed. */
  flush(): Promise<void>;
  /** Stops the subscription and commits what was folded. */
  stop(): Promise<void>;
  /** Position of the last committed event. */
  readonly committed: Position | undefined;
}

/** Starts the session-summary projection; it runs until `stop()`. */
export async function startSessionProjection(options: ProjectionRunnerOptions): Promise<ProjectionRunner> {
  const { store, readModel } = options;
  const name = options.checkpointName ?? SESSION_SUMMARY_CHECKPOINT;
  const batchSize = options.batchSize ?? 500;
  const flushDelayMs = options.flushDelayMs ?? 5;
  const onError = options.onError ?? (() => {});

  let committed = await readModel.checkpoint(name);
  const subscription = store.subscribeToAll({ after: committed, streamNamePrefix: SESSION_STREAM_PREFIX });
  const latest = new Map<string, SessionFoldState>();
  let dirty = new Map<string, SessionFoldState>();
  let folded: Position | undefined;
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === 0 || folded === undefined) return chain;
    const states = [...dirty.values()];
    const position = folded;
    dirty = new Map();
    pending = 0;
    chain = chain.then(async () => {
      try {
        await readModel.commit(states, { name, position });
        committed = position;
      } catch (error) {
        onError(error);
      }
    });
    return chain;
  };

  // A session not in memory: wait for in-flight commits so the stored state is the newest.
  const loadState = async (sessionId: string): Promise<SessionFoldState> => {
    await chain;
    return (await readModel.get(sessionId)) ?? initialSessionState(sessionId);
  };

  const loop = (async () => {
    try {
      for await (const event of subscription) {
        try {
          const sessionId = event.streamName.slice(SESSION_STREAM_PREFIX.length);
          const before = latest.get(sessionId) ?? dirty.get(sessionId) ?? (await loadState(sessionId));
          const after = foldSessionEvent(before, event);
          if (latest.size > 2000 && !latest.has(sessionId)) latest.delete(latest.keys().next().value as string);
          latest.set(sessionId, after);
          dirty.set(sessionId, after);
        } catch (error) {
          onError(error, event);
        }
        folded = event.position;
        pending += 1;
        if (pending >= batchSize) await flush();
        else timer ??= setTimeout(() => void flush(), flushDelayMs);
      }
    } catch (error) {
      onError(error);
    }
  })();

  return {
    flush,
    async stop() {
      await subscription.close();
      await loop;
      await flush();
    },
    get committed() {
      return committed;
    },
  };
}
