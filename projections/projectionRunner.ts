/**
 * Keeps session summaries current: a catch-up subscription to every `session-*` stream from the stored
 * checkpoint, the pure fold applied to each session's new events, and the touched summaries written together
 * with the new checkpoint (one read-model transaction). Delivery is at least once: after a crash the events
 * since the last commit are folded again, and the fold ignores what a summary already covers (its revision).
 *
 * Events are buffered per session and folded at commit time: a commit follows `flushDelayMs` of quiet, or
 * `maxDelayMs` after the first buffered event under steady load, or `batchSize` events.
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

export const SESSION_SUMMARY_CHECKPOINT = 'session-summary';

export interface ProjectionRunnerOptions {
  store: EventStore;
  readModel: SessionReadModel;
  /** Checkpoint name. Default `session-summary`. */
  checkpointName?: string;
  /** Commit after this many buffered events. Default 2000. */
  batchSize?: number;
  /** Commit after this much quiet, in ms. Default 5. */
  flushDelayMs?: number;
  /** Commit at most this long after the first buffered event, in ms. Default 100. */
  maxDelayMs?: number;
  /** Called when a session's events could not be folded (they are skipped; the stream keeps them). */
  onError?: (error: unknown, event?: RecordedEvent) => void;
}

export interface ProjectionRunner {
  /** Resolves once everything received so far is committed. */
  flush(): Promise<void>;
  /** Stops the subscription and commits what was received. */
  stop(): Promise<void>;
  /** Position of the last committed event. */
  readonly committed: Position | undefined;
}

/** Starts the session-summary projection; it runs until `stop()`. */
export async function startSessionProjection(options: ProjectionRunnerOptions): Promise<ProjectionRunner> {
  const { store, readModel } = options;
  const name = options.checkpointName ?? SESSION_SUMMARY_CHECKPOINT;
  const batchSize = options.batchSize ?? 2000;
  const flushDelayMs = options.flushDelayMs ?? 5;
  const maxDelayMs = options.maxDelayMs ?? 100;
  const onError = options.onError ?? (() => {});

  let committed = await readModel.checkpoint(name);
  const subscription = store.subscribeToAll({ after: committed, streamNamePrefix: SESSION_STREAM_PREFIX });
  /** The newest state of recently seen sessions, so a commit does not re-read what this process wrote. */
  const latest = new Map<string, SessionFoldState>();
  let buffered = new Map<string, RecordedEvent[]>();
  let received: Position | undefined;
  let pending = 0;
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const stateOf = async (sessionId: string): Promise<SessionFoldState> =>
    latest.get(sessionId) ?? (await readModel.get(sessionId)) ?? initialSessionState(sessionId);

  const remember = (sessionId: string, state: SessionFoldState) => {
    latest.delete(sessionId);
    latest.set(sessionId, state);
    if (latest.size > 1000) latest.delete(latest.keys().next().value as string);
  };

  const flush = (): Promise<void> => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
    if (pending === 0 || received === undefined) return chain;
    const batch = buffered;
    const position = received;
    buffered = new Map();
    pending = 0;
    chain = chain.then(async () => {
      const states: SessionFoldState[] = [];
      for (const [sessionId, events] of batch) {
        try {
          const state = foldSessionEvents(await stateOf(sessionId), events);
          remember(sessionId, state);
          states.push(state);
        } catch (error) {
          onError(error, events[0]);
        }
      }
      try {
        await readModel.commit(states, { name, position });
        committed = position;
      } catch (error) {
        for (const state of states) latest.delete(state.summary.sessionId);
        onError(error);
      }
    });
    return chain;
  };

  const loop = (async () => {
    try {
      for await (const event of subscription) {
        const sessionId = event.streamName.slice(SESSION_STREAM_PREFIX.length);
        const events = buffered.get(sessionId);
        if (events) events.push(event);
        else buffered.set(sessionId, [event]);
        received = event.position;
        pending += 1;
        if (pending >= batchSize) {
          await flush();
          continue;
        }
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => void flush(), flushDelayMs);
        maxTimer ??= setTimeout(() => void flush(), maxDelayMs);
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
