/**
 * KurrentDB EventStore adapter (`@kurrent/kurrentdb-client` 1.3). The client never leaves this file.
 *
 * - append: KurrentDB only recognises a re-sent event id when expected revision and first id match a recent
 *   write, so "ids already in the stream are skipped" is done here. A bounded LRU map keeps per stream the
 *   known ids and last revision; each append first reads the tail after that revision (one cheap read that
 *   also sees other writers), drops stored ids and in-batch duplicates, and appends the rest. `'any'` and
 *   `'stream_exists'` are sent as the revision just read, so a concurrent writer makes the server reject
 *   rather than us duplicate an id; we re-read and retry (the last attempt sends the caller's loose check).
 *   When the caller's own check is rejected (`WrongExpectedVersionError`) we re-read: every id stored means
 *   ok/0, else `WRONG_EXPECTED_REVISION` with the error's `actualState` (negative revisions, i.e. deleted or
 *   tombstoned, map to `'no_stream'`). A cache ahead of the server (deleted stream) is dropped and rebuilt.
 *   Ids of events removed by `$maxCount`/truncation/scavenging are forgotten, so those could be re-appended.
 * - readStream: forward from `fromRevision` (inclusive); `StreamNotFoundError` yields nothing.
 * - readAll: the client's `fromPosition` is inclusive (its own "readAll from position" test gets the event
 *   at the position back), so pages ask for one more and skip events at or before `after`. Filtering is
 *   server-side (`streamNameFilter` prefixes, else `excludeSystemEvents`) plus a client-side guard against
 *   `$`-prefixed streams and types. A page that gets no event past the cursor ends the read.
 * - lastPosition: one event read backwards from the end of `$all`.
 * - subscribeToAll: a catch-up subscription, whose start is exclusive (docs.kurrent.io "Catch-up
 *   subscriptions": "The positions provided to the subscriptions are exclusive"). The client's stream only
 *   carries events; confirmation, caughtUp, fellBehind and checkpoints are emitted on the side.
 * - Errors: anything else is thrown as the client's `CommandError` (`UnavailableError`, `StreamDeletedError`
 *   for tombstoned streams, `AccessDeniedError`, ...). Reading an event whose data is not a JSON object (a
 *   foreign binary event) throws a `TypeError`; one without a `$all` position (server < 22.6) an `Error`.
 */
import {
  ANY,
  BACKWARDS,
  END,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, AppendStreamState, Filter, Position as KurrentPosition } from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  Subscription,
} from './eventStore.js';
import { comparePositions } from './eventStore.js';

/** Streams whose known ids are cached (least recently used evicted first). */
const MAX_CACHED_STREAMS = 256;
/** Events per `$all` read page. */
const PAGE_SIZE = 512;
/** Append attempts when a loose expectation (`'any'`, `'stream_exists'`) was tightened to a revision. */
const MAX_ATTEMPTS = 5;

interface StreamIds {
  ids: Set<string>;
  /** Last revision read or written, -1n when the stream does not exist. */
  last: bigint;
}

/** The fields read from the client's recorded events (JSON or binary). */
interface ClientRecordedEvent {
  id: string;
  type: string;
  streamId: string;
  revision: bigint;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: KurrentPosition;
}

/**
 * Connects lazily (first call) to KurrentDB, e.g. `kurrentdb://127.0.0.1:2113?tls=false`; throws on a malformed
 * string. On a secured server, `$all` reads need a user with the `$admins` role (`kurrentdb://user:pass@host`).
 */
export function createKurrentEventStore(options: { connectionString: string }): EventStore {
  const client = KurrentDBClient.connectionString(options.connectionString);
  const cache = new Map<string, StreamIds>();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error('event store is closed');
  };

  /** Brings the cached ids of `stream` up to date by reading the events after the cached revision. */
  async function refresh(stream: string): Promise<StreamIds> {
    let state = cache.get(stream) ?? { ids: new Set<string>(), last: -1n };
    try {
      for await (const { event } of client.readStream(stream, { fromRevision: state.last + 1n })) {
        if (!event) continue;
        state.ids.add(event.id);
        if (event.revision > state.last) state.last = event.revision;
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
      if (state.last >= 0n) state = { ids: new Set<string>(), last: -1n }; // deleted since cached
    }
    cache.delete(stream);
    cache.set(stream, state);
    if (cache.size > MAX_CACHED_STREAMS) cache.delete(cache.keys().next().value!);
    return state;
  }

  async function append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertOpen();
    for (let attempt = 1; ; attempt += 1) {
      const state = await refresh(stream);
      const fresh = unseen(events, state.ids);
      if (fresh.length === 0) return { ok: true, nextExpectedRevision: state.last, appended: 0 };
      const tighten = (expected === 'any' || (expected === 'stream_exists' && state.last >= 0n)) && attempt < MAX_ATTEMPTS;
      const streamState: AppendStreamState = tighten ? (state.last >= 0n ? state.last : NO_STREAM) : toStreamState(expected);
      let actual: bigint | 'no_stream' | undefined;
      try {
        const result = await client.appendToStream(stream, fresh.map(toEventData), { streamState });
        if (result.success) {
          for (const e of fresh) state.ids.add(e.id);
          if (result.nextExpectedRevision > state.last) state.last = result.nextExpectedRevision;
          return { ok: true, nextExpectedRevision: result.nextExpectedRevision, appended: fresh.length };
        }
        // Only with `throwOnAppendFailure=false` in the connection string: no actual revision given.
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        actual = typeof err.actualState === 'bigint' && err.actualState >= 0n ? err.actualState : 'no_stream';
        if (actual === 'no_stream' ? state.last >= 0n : actual < state.last) cache.delete(stream);
      }
      if (tighten) continue;
      const now = await refresh(stream);
      if (unseen(events, now.ids).length === 0) return { ok: true, nextExpectedRevision: now.last, appended: 0 };
      actual ??= now.last >= 0n ? now.last : 'no_stream';
      return { ok: false, reason: 'WRONG_EXPECTED_REVISION', actualRevision: actual };
    }
  }

  /** `$all` forward from `after` (exclusive), in pages; the inclusive server start is skipped. */
  async function* readAll(readOptions: ReadAllOptions): AsyncGenerator<RecordedEvent> {
    assertOpen();
    let after = readOptions.after;
    let remaining = readOptions.maxCount ?? Number.POSITIVE_INFINITY;
    const filter = filterFor(readOptions.streamNamePrefix);
    while (remaining > 0) {
      let advanced = false;
      const page = client.readAll({ fromPosition: after ?? START, maxCount: Math.min(remaining + 1, PAGE_SIZE), filter });
      for await (const { event } of page) {
        if (!event || (after && comparePositions(event.position, after) <= 0)) continue;
        after = event.position;
        advanced = true;
        if (isSystem(event)) continue;
        yield toRecorded(event);
        remaining -= 1;
        if (remaining <= 0) return;
      }
      if (!advanced) return;
    }
  }

  function subscribe(subscribeOptions: Omit<ReadAllOptions, 'maxCount'>): Subscription {
    assertOpen();
    const sub = client.subscribeToAll({ fromPosition: subscribeOptions.after ?? START, filter: filterFor(subscribeOptions.streamNamePrefix) });
    let stopped = false;
    let failure: unknown;
    // The client emits 'error' on its stream; without a listener that would crash the process.
    sub.on('error', (err) => {
      failure ??= err;
    });
    async function close(): Promise<void> {
      if (stopped) return;
      stopped = true;
      try {
        await sub.unsubscribe(); // cancels the gRPC call; the client swallows its own cancellation
      } catch {
        // the call never started (connection failure): nothing to cancel
      }
      sub.destroy(); // ends an iteration waiting for the next event
    }
    async function* run(): AsyncGenerator<RecordedEvent> {
      try {
        for await (const resolved of sub as AsyncIterable<AllStreamResolvedEvent>) {
          if (stopped) return;
          const event = resolved.event;
          if (event && !isSystem(event)) yield toRecorded(event);
        }
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error('KurrentDB subscription failed', { cause: failure });
      } catch (err) {
        if (!stopped) throw err;
      } finally {
        await close();
      }
    }
    const iterator = run();
    return { [Symbol.asyncIterator]: () => iterator, close };
  }

  return {
    append: (stream, events, appendOptions) => append(stream, events, appendOptions?.expectedRevision ?? 'any'),

    async *readStream(stream, readOptions = {}) {
      assertOpen();
      if (readOptions.maxCount !== undefined && readOptions.maxCount <= 0) return;
      try {
        const events = client.readStream(stream, { fromRevision: readOptions.fromRevision ?? START, maxCount: readOptions.maxCount });
        for await (const { event } of events) if (event) yield toRecorded(event);
      } catch (err) {
        if (!(err instanceof StreamNotFoundError)) throw err;
      }
    },

    readAll: (readOptions = {}) => readAll(readOptions),

    /** The last record of `$all`, system events included (a checkpoint is never past it). */
    async lastPosition() {
      assertOpen();
      for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
        if (event?.position) return { commit: event.position.commit, prepare: event.position.prepare };
      }
      return undefined;
    },

    subscribeToAll: (subscribeOptions = {}) => subscribe(subscribeOptions),

    /** Cancels open reads and subscriptions (their iterations end). Idempotent. */
    async close() {
      if (closed) return;
      closed = true;
      cache.clear();
      await client.dispose();
    },
  };
}

/** The events whose id is neither in `known` nor earlier in the batch. */
function unseen(events: readonly NewEvent[], known: ReadonlySet<string>): NewEvent[] {
  const batch = new Set<string>();
  return events.filter((e) => {
    if (known.has(e.id) || batch.has(e.id)) return false;
    batch.add(e.id);
    return true;
  });
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

function toEventData(e: NewEvent) {
  return jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} });
}

/** Server-side filter: the stream-name prefix, else drop system (`$`-typed) events. */
function filterFor(prefix: string | undefined): Filter {
  return prefix === undefined ? excludeSystemEvents() : streamNameFilter({ prefixes: [prefix] });
}

function isSystem(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function toRecorded(event: ClientRecordedEvent): RecordedEvent {
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new TypeError(`event ${event.id} in ${event.streamId} does not hold a JSON object`);
  }
  if (!event.position) throw new Error(`event ${event.id} has no $all position (KurrentDB 22.6+ required)`);
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    data: event.data,
    metadata: isJsonObject(event.metadata) ? event.metadata : {},
    created: event.created,
  };
}
