/**
 * Keeps a projection current: a catch-up subscription to every `session-*` stream from the stored
 * checkpoint, the pure fold applied to each session's new events, and the touched states written together
 * with the new checkpoint (one read-model transaction). Delivery is at least once: after a crash the events
 * since the last commit are folded again, and the fold ignores what a state already covers (its revision).
 * An event the fold throws on is skipped and recorded as a projection error in the same commit
 * (foldIsolated.ts): the checkpoint passes it knowingly, never silently, and the batch's other events fold.
 *
 * Events are buffered per session and folded at commit time: a commit follows `flushDelayMs` of quiet, or
 * `maxDelayMs` after the first buffered event under steady load, or `batchSize` events. During a burst (more
 * than `burstEvents` received in the last `burstQuietMs` or so: an import, a backfill; live hook traffic is a
 * few events a second) the quiet it waits for is `burstQuietMs`, so the folds
 * run after the burst, or every `maxDelayMs`, rather than in every short pause between the ingest's appends
 * (the fold and the appends share one event loop; an append waiting on a fold is the import waiting).
 */
import type { EventStore, Position, RecordedEvent } from '../stores/eventStore.js';
import { SESSION_STREAM_PREFIX } from '../stores/eventStore.js';
import { foldIsolated } from './foldIsolated.js';
import type { Projection, ProjectionError, ProjectionStateStore } from './projection.js';

export interface ProjectionRunnerOptions<S> {
  store: EventStore;
  projection: Projection<S>;
  states: ProjectionStateStore<S>;
  /** Commit after this many buffered events. Default 20000. */
  batchSize?: number;
  /** Commit after this much quiet, in ms. Default 5. */
  flushDelayMs?: number;
  /** Commit at most this long after the first buffered event, in ms. Default 1000. */
  maxDelayMs?: number;
  /** Above this many events received within about `burstQuietMs`, a commit waits for `burstQuietMs` of quiet instead. Default 256. */
  burstEvents?: number;
  /** Commit after this much quiet during a burst, in ms. Default 50. */
  burstQuietMs?: number;
  /**
   * Called with what an event threw when it could not be folded (it is skipped, recorded as a projection error
   * with the commit, and the session's other events still fold), and with store failures (retried).
   */
  onError?: (error: unknown, event?: RecordedEvent) => void;
  /** States kept in memory between commits, most recently used first. Default 1000. */
  cacheSize?: number;
  /** Called after each commit with the states it wrote (e.g. to schedule idle timers). Must not throw. */
  onCommitted?: (states: readonly S[]) => void;
}

export interface ProjectionRunner {
  /** Resolves once everything received so far is committed. */
  flush(): Promise<void>;
  /** Stops the subscription and commits what was received. */
  stop(): Promise<void>;
  /** Position of the last committed event. */
  readonly committed: Position | undefined;
}

/** Starts a projection runner; it runs until `stop()`. */
export async function startProjection<S>(options: ProjectionRunnerOptions<S>): Promise<ProjectionRunner> {
  const { store, projection, states: readModel } = options;
  const name = projection.name;
  const batchSize = options.batchSize ?? 20000;
  const flushDelayMs = options.flushDelayMs ?? 5;
  const maxDelayMs = options.maxDelayMs ?? 1000;
  const burstEvents = options.burstEvents ?? 256;
  const burstQuietMs = options.burstQuietMs ?? 50;
  const onError = options.onError ?? (() => {});
  const onCommitted = options.onCommitted ?? (() => {});
  const cacheSize = options.cacheSize ?? 1000;

  let committed = await readModel.checkpoint(name);
  let subscription = store.subscribeToAll({ after: committed, streamNamePrefix: SESSION_STREAM_PREFIX });
  /** The newest state of recently seen sessions, so a commit does not re-read what this process wrote. */
  const latest = new Map<string, S>();
  let buffered = new Map<string, RecordedEvent[]>();
  let received: Position | undefined;
  let pending = 0;
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let stopping = false;
  /** Events received in the current and the previous window of `burstQuietMs`: the recent arrival rate. */
  let windowStart = 0;
  let windowCount = 0;
  let previousWindowCount = 0;
  const inBurst = (now: number): boolean => {
    if (now - windowStart >= burstQuietMs) {
      previousWindowCount = now - windowStart < 2 * burstQuietMs ? windowCount : 0;
      windowStart = now;
      windowCount = 0;
    }
    windowCount += 1;
    return windowCount + previousWindowCount > burstEvents;
  };

  const GAVE_UP = Symbol('gave up');
  /** `read()`, retried with backoff while it fails; GAVE_UP once stopping (the events are delivered again). */
  const retried = async <T>(read: () => Promise<T>): Promise<T | typeof GAVE_UP> => {
    for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await read();
      } catch (error) {
        onError(error);
        if (stopping) return GAVE_UP;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const stateOf = async (sessionId: string): Promise<S> => latest.get(sessionId) ?? (await readModel.get(sessionId)) ?? projection.initial(sessionId);

  const remember = (sessionId: string, state: S) => {
    latest.delete(sessionId);
    latest.set(sessionId, state);
    if (latest.size > cacheSize) latest.delete(latest.keys().next().value as string);
  };

  // One quiet timer at a time, re-armed for what is left of the quiet when events came meanwhile (not
  // cleared and set again for every event: thousands a second in an import).
  let lastEventAt = 0;
  let quietMs = flushDelayMs;
  const onQuiet = () => {
    const idle = performance.now() - lastEventAt;
    if (idle >= quietMs) {
      void flush();
    } else {
      quietTimer = setTimeout(onQuiet, quietMs - idle);
    }
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
      const states: S[] = [];
      const errors: ProjectionError[] = [];
      for (const [sessionId, events] of batch) {
        // A state that cannot be read (read model unreachable) is retried like a commit; stop() gives up.
        const base = await retried(() => stateOf(sessionId));
        if (base === GAVE_UP) {
          for (const state of states) latest.delete(projection.sessionIdOf(state));
          return;
        }
        // An event the fold cannot take is skipped and recorded with the commit; the rest still fold.
        const folded = foldIsolated(projection, base, events);
        for (const { event, error } of folded.thrown) onError(error, event);
        errors.push(...folded.errors);
        remember(sessionId, folded.state);
        states.push(folded.state);
      }
      // A failed commit (read model unreachable) is retried with backoff, so no folded event is lost
      // while the subscription moves on; stop() gives up after one more try.
      for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
        try {
          await readModel.commit(states, { name, position }, errors);
          committed = position;
          break;
        } catch (error) {
          onError(error);
          if (stopping) {
            for (const state of states) latest.delete(projection.sessionIdOf(state));
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
      onCommitted(states);
    });
    return chain;
  };

  // A subscription that fails (KurrentDB restarted, network cut) is opened again from the last event
  // received, with backoff, until stop(): the projection never silently freezes.
  const loop = (async () => {
    for (let delay = 250; !stopping; delay = Math.min(delay * 2, 10_000)) {
      try {
        await consume();
        return; // closed by stop()
      } catch (error) {
        onError(error);
        if (stopping) return;
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (stopping) return;
        subscription = store.subscribeToAll({ after: received ?? committed, streamNamePrefix: SESSION_STREAM_PREFIX });
      }
    }
  })();

  async function consume(): Promise<void> {
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
      lastEventAt = performance.now();
      quietMs = inBurst(lastEventAt) ? burstQuietMs : flushDelayMs;
      quietTimer ??= setTimeout(onQuiet, quietMs);
      maxTimer ??= setTimeout(() => void flush(), maxDelayMs);
    }
  }

  return {
    flush,
    async stop() {
      stopping = true;
      await subscription.close();
      await loop;
      await flush();
    },
    get committed() {
      return committed;
    },
  };
}
