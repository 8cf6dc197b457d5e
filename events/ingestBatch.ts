/**
 * The ingest wire format: `POST /v1/events` takes one batch of one session's hook payloads and transcript
 * lines, in the order they happened. Transcript lines travel as their raw text so they are stored as written.
 */
import { z } from 'zod';
import { MAX_BATCH_ITEMS } from './ingestLimits.js';

export { MAX_BATCH_ITEMS, MAX_LINE_BYTES } from './ingestLimits.js';

export { isSessionId, SESSION_ID_MAX_LENGTH, SESSION_ID_PATTERN } from './sessionId.js';
import { SESSION_ID_MAX_LENGTH, SESSION_ID_PATTERN } from './sessionId.js';

export const SessionId = z
  .string()
  .regex(SESSION_ID_PATTERN, `a session id: letters, digits, . _ - (at most ${SESSION_ID_MAX_LENGTH}), starting with a letter or digit`);

/** Where the session runs, as the collector saw it. */
export const SessionContext = z.object({
  repo: z.string().max(300).nullish(),
  branch: z.string().max(300).nullish(),
  gitUser: z.string().max(300).nullish(),
  host: z.string().max(300).nullish(),
  osUser: z.string().max(300).nullish(),
  collector: z.string().max(100).nullish(),
});
export type SessionContext = z.infer<typeof SessionContext>;

/** ISO 8601 date-time, with or without an offset (logging scripts often drop it). */
export const IsoTime = z.iso.datetime({ offset: true, local: true });

/** A transcript file key: `main`, or `subagents/<file name>`. */
export const SUBAGENT_FILE_PATTERN = /^subagents\/[A-Za-z0-9._-]{1,200}$/;
const FileKey = z.union([z.literal('main'), z.string().regex(SUBAGENT_FILE_PATTERN)]);

export const BatchItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hook'),
    /** When the collector read the payload (ISO 8601); hook payloads carry no time of their own. */
    observedAt: IsoTime.optional(),
    /** Tells apart two identical payloads (an imported log's position); default `observedAt`. */
    key: z.string().max(300).optional(),
    payload: z.record(z.string(), z.unknown()),
  }),
  z.object({
    kind: z.literal('line'),
    file: FileKey,
    /** Byte offset of the line in its file (or index in a JSON-array transcript). */
    offset: z.number().int().nonnegative(),
    text: z.string(),
  }),
  z.object({
    kind: z.literal('statusLine'),
    observedAt: IsoTime.optional(),
    key: z.string().max(300).optional(),
    payload: z.record(z.string(), z.unknown()),
  }),
]);
export type BatchItem = z.infer<typeof BatchItem>;

export const IngestBatch = z.object({
  sessionId: SessionId,
  context: SessionContext.optional(),
  items: z.array(BatchItem).min(1).max(MAX_BATCH_ITEMS),
});
export type IngestBatch = z.infer<typeof IngestBatch>;
