/**
 * Deterministic event ids, so a re-sent hook or a re-imported transcript appends nothing new.
 * A transcript line keeps its own `uuid`; anything else gets a UUIDv5 of its canonical JSON (sorted keys,
 * so a re-serialised copy of the same record has the same id) plus a discriminator the caller chooses.
 */
import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import { parse as parseUuid, validate as isUuid } from 'uuid';

/** Kap's UUIDv5 namespace (a fixed random UUID). */
const KAP_NAMESPACE = parseUuid('6d0c3e8c-3b5e-4c51-9a43-7a3c2f0f8b11');

/**
 * UUIDv5 (RFC 9562 §5.5: SHA-1 of namespace and name, version and variant bits set). Hashes the name's
 * UTF-8 with node:crypto directly: the `uuid` package's v5 converts large names slowly.
 */
function uuidv5(name: string): string {
  const hash = createHash('sha1').update(KAP_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const canonicalJson = configure({ deterministic: true, bigint: false, circularValue: Error });

/** Sorted-key JSON of a value; the same record re-serialised gives the same text. */
export function canonical(value: unknown): string {
  return canonicalJson(value) ?? 'null';
}

/** UUIDv5 of `canonical(value)` and `discriminator` (e.g. an occurrence number or an observation time). */
export function contentId(value: unknown, discriminator = ''): string {
  return uuidv5(`${canonical(value)}\u0000${discriminator}`);
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
