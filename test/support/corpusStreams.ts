/**
 * Corpus files as the session streams Kap would store for them, without a server: `kap import`'s reading
 * and batching (collector/importTranscripts.ts), the NDJSON wire format both ways, and the ingest use case
 * (ingest/ingestHandler.ts) appending to an in-memory SQLite event store. For projection tests that fold real
 * lines in the order an import appends them.
 */
import { join } from 'node:path';
import { findImportFiles, importFiles } from '../../collector/importTranscripts.js';
import { decodeNdjsonBody, encodeNdjsonBody } from '../../events/ndjsonBatch.js';
import { ingestBatch } from '../../ingest/ingestHandler.js';
import type { PostOutcome } from '../../collector/ingestClient.js';
import type { RecordedEvent } from '../../stores/eventStore.js';
import { sessionStream } from '../../stores/eventStore.js';
import { createSqliteEventStore } from '../../stores/sqliteEventStore.js';
import { corpusDir } from './corpus.js';

/** The streams of the sessions in `paths` (relative to the corpus), by session id. */
export async function corpusStreams(paths: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  const store = createSqliteEventStore({ path: ':memory:' });
  try {
    const files = findImportFiles(paths.map((p) => join(corpusDir(), p)));
    const report = await importFiles(files, {
      // A batch the ingest refuses fails the test at once (the corpus imports cleanly).
      send: async (batch): Promise<PostOutcome> => {
        const decoded = decodeNdjsonBody(encodeNdjsonBody(batch));
        if (!decoded.ok) throw new Error(decoded.message);
        const outcome = await ingestBatch(store, decoded.batch);
        if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
        return { ok: true, appended: outcome.appended, skipped: outcome.skipped };
      },
    });
    if (report.errors.length > 0) throw new Error(`corpus import failed: ${JSON.stringify(report.errors)}`);
    const streams = new Map<string, RecordedEvent[]>();
    for (const id of report.sessions) {
      const events: RecordedEvent[] = [];
      for await (const e of store.readStream(sessionStream(id))) events.push(e);
      streams.set(id, events);
    }
    return streams;
  } finally {
    await store.close();
  }
}
