/**
 * Deterministic event ids, so a re-sent hook or a re-imported transcript appends nothing new.
 * A transcript line keeps its own `uuid`; anything else gets a UUIDv5 of its canonical JSON (sorted keys,
 * so a re-serialised copy of the same record has the same id) plus a discriminator the caller chooses.
 */
import { configure } from 'safe-stable-stringify';
import { v5 as uuidv5, validate as isUuid } from 'uuid';

/** Kap's UUIDv5 namespace (a fixed random UUID). */
const KAP_NAMESPACE = '6d0c3e8c-3b5e-4c51-9a43-7a3c2f0f8b11';

const canonicalJson = configure({ deterministic: true, bigint: false, circularValue: Error });

/** Sorted-key JSON of a value; the same record re-serialised gives the same text. */
export function canonical(value: unknown): string {
  return canonicalJson(value) ?? 'null';
}

/** UUIDv5 of `canonical(value)` and `discriminator` (e.g. an occurrence number or an observation time). */
export function contentId(value: unknown, discriminator = ''): string {
  return uuidv5(`${canonical(value)}\u0000${discriminator}`, KAP_NAMESPACE);
}

/**
 * The event id of a transcript line: its `uuid` when that is a UUID, else a content id of the line and
 * where it sits (`file` key and byte offset, or array index for a JSON-array transcript), so two identical
 * uuid-less lines (e.g. repeated `file-history-snapshot`s) stay two events while a re-read of the same
 * line stays one.
 */
export function transcriptLineId(line: { uuid?: unknown }, file: string, offset: number): string {
  if (typeof line.uuid === 'string' && isUuid(line.uuid)) return line.uuid.toLowerCase();
  return contentId(line, `${file}@${offset}`);
}
