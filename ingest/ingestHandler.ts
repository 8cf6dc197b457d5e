/**
 * The ingest use case: validate one batch, convert it to events, append them to the session's stream in
 * one append (all or nothing). Outcomes are values; the HTTP route only maps them to replies.
 */
import { batchToEvents } from '../events/batchToEvents.js';
import { checkIngestBatch } from '../events/checkIngestBatch.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';

export type IngestOutcome =
  | { ok: true; sessionId: string; appended: number; skipped: number; revision: number }
  | { ok: false; status: 400 | 409 | 413; code: string; message: string; itemIndex?: number };

/**
 * Ingests one batch (see events/ingestBatch.ts for the shape; an NDJSON body's lines may come as bytes,
 * events/ndjsonBatch.ts). Re-sending a batch appends nothing
 * (`skipped` counts events already stored). Throws only when the store itself fails.
 */
export async function ingestBatch(store: EventStore, body: unknown): Promise<IngestOutcome> {
  const checked = checkIngestBatch(body);
  if (!checked.ok) return { ok: false, status: 400, code: 'INVALID_BATCH', message: checked.message };
  const { batch } = checked;
  const converted = batchToEvents(batch);
  if (!converted.ok) {
    return { ok: false, status: converted.status, code: converted.code, message: converted.message, itemIndex: converted.itemIndex };
  }
  const result = await store.append(sessionStream(batch.sessionId), converted.events, { expectedRevision: 'any' });
  if (!result.ok) return { ok: false, status: 409, code: result.reason, message: 'the stream moved on; retry' };
  return {
    ok: true,
    sessionId: batch.sessionId,
    appended: result.appended,
    skipped: converted.events.length - result.appended,
    revision: Number(result.nextExpectedRevision),
  };
}
