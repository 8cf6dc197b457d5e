/**
 * The ingest's size limits, apart from the batch schema (ingestBatch.ts) so that senders such as `kap import`
 * know them without building the schema.
 */

/** Largest transcript line accepted, in UTF-8 bytes (real lines reach hundreds of KB; see corpus README). */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Most items in one batch. */
export const MAX_BATCH_ITEMS = 5000;
