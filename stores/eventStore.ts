/**
 * The EventStore port: the only operations Kap needs from an event store, in KurrentDB's terms.
 *
 * A stream holds one session's events (`session-<sessionId>`); revisions count from 0 inside a stream;
 * positions order every event of every stream (the `$all` log); a checkpoint is the position of the last
 * event a reader has handled. Adapters: embedded SQLite (`sqliteEventStore.ts`) and KurrentDB
 * (`kurrentEventStore.ts`); both pass `eventStore.contract.ts`.
 */

/** JSON object as stored: event data and metadata are always JSON objects. */
export type JsonObject = { [key: string]: unknown };

/** An event to append. `id` is a UUID (KurrentDB requires one), deterministic so a re-send is a no-op. */
export interface NewEvent {
  id: string;
  type: string;
  data: JsonObject;
  /**
   * `data` exactly as written, when the caller has it (a transcript line's own text). An adapter that
   * stores JSON text keeps these bytes instead of re-serialising `data`. Must parse to `data`.
   */
  dataJson?: string;
  /**
   * `dataJson` as the UTF-8 bytes it came in, when the caller holds them (a transcript line as the ingest
   * received it). An adapter that stores text may write these bytes instead of encoding `dataJson` again.
   * Only ever set together with `dataJson`, and must decode to it.
   */
  dataBytes?: Uint8Array;
  metadata?: JsonObject;
}

/**
 * A position in the `$all` log. KurrentDB positions are a (commit, prepare) pair of byte offsets;
 * the embedded store uses its global sequence number for both. Compare with `comparePositions`.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

/** An event as read back from a store. */
export interface RecordedEvent {
  id: string;
  type: string;
  streamName: string;
  /** 0-based index of the event in its stream. */
  revision: bigint;
  /** Where the event sits in the `$all` log. */
  position: Position;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store recorded the event. */
  created: Date;
}

/**
 * What the appender believes the stream's current revision is:
 * `'any'` (no check), `'no_stream'` (must not exist yet), `'stream_exists'`, or the revision of its last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendResult =
  | {
      ok: true;
      /** Revision of the stream's last event after the append (-1n when the stream is still empty). */
      nextExpectedRevision: bigint;
      /** How many events were written; events whose id was already in the stream are skipped. */
      appended: number;
    }
  | {
      ok: false;
      reason: 'WRONG_EXPECTED_REVISION';
      /** The stream's actual last revision, or 'no_stream'. */
      actualRevision: bigint | 'no_stream';
    };

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  fromRevision?: bigint;
  /** At most this many events. Default: all. */
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Read the events after this checkpoint (exclusive). Default: from the start of the log. */
  after?: Position;
  /** Only streams whose name starts with this prefix (KurrentDB: a stream-name prefix filter). */
  streamNamePrefix?: string;
  /** At most this many events. Default: all. */
  maxCount?: number;
}

/** A catch-up subscription: yields the stored events after the checkpoint, then new ones as they land. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription; a pending iteration ends. Idempotent. */
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends events to a stream, in order, atomically.
   * Events whose id is already in the stream are skipped (idempotent re-append); if none remain, the
   * result is ok with `appended: 0` whatever the expected revision. A revision mismatch is a returned
   * value, never an exception. Throws only on I/O failures.
   */
  append(stream: string, events: readonly NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;

  /** Reads one stream forward. An unknown stream yields nothing. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;

  /** Reads the `$all` log forward from a checkpoint, in position order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * The position of the last event in the `$all` log (of any stream), or undefined when the log is empty.
   * A projection checkpoint past it means the store lost events the projection has seen
   * (storeConsistency.ts).
   */
  lastPosition(): Promise<Position | undefined>;

  /** Catch-up subscription to `$all` from a checkpoint (exclusive), optionally filtered by stream prefix. */
  subscribeToAll(options?: Omit<ReadAllOptions, 'maxCount'>): Subscription;

  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** Orders two positions: negative when `a` comes first. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Serialises a position for a checkpoint record: `"<commit>/<prepare>"`. */
export function formatPosition(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

/** Parses `formatPosition` output. Throws a `TypeError` on anything else. */
export function parsePosition(text: string): Position {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new TypeError(`not a position: ${JSON.stringify(text)}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/** The stream of one session, `session-<sessionId>`. */
export function sessionStream(sessionId: string): string {
  return `session-${sessionId}`;
}

export const SESSION_STREAM_PREFIX = 'session-';
