/**
 * Deterministic event ids, so a re-sent hook or a re-imported transcript appends nothing new.
 * A transcript line keeps its own `uuid`; anything else gets a UUIDv5 of its canonical JSON (sorted keys,
 * so a re-serialised copy of the same record has the same id) plus a discriminator the caller chooses.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { configure as Configure } from 'safe-stable-stringify';

/** Kap's UUIDv5 namespace (a fixed random UUID). */
const KAP_NAMESPACE = Buffer.from('6d0c3e8c3b5e4c519a437a3c2f0f8b11', 'hex');

/**
 * What counts as a UUID for a transcript line's own id: RFC 9562 versions 1–8, nil and max, any case — the
 * `uuid` package's `validate` (v14), kept here so ids never move with a dependency.
 */
const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

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

type Stringify = (value: unknown) => string | undefined;
let canonicalJson: Stringify | undefined;
/** safe-stable-stringify, loaded on first use: event data is plain JSON, so most processes never need it. */
function referenceStringify(): Stringify {
  if (!canonicalJson) {
    const { configure } = createRequire(import.meta.url)('safe-stable-stringify') as { configure: typeof Configure };
    canonicalJson = configure({ deterministic: true, bigint: false, circularValue: Error, maximumDepth: RECURSION_LIMIT });
  }
  return canonicalJson;
}

/**
 * Sorted-key JSON of a value; the same record re-serialised gives the same text. The text is
 * safe-stable-stringify's deterministic output (event ids hash it, so it must never change); plain JSON data
 * takes a faster road to the same text (`plainCanonical`), anything else goes to safe-stable-stringify.
 * Never overflows the stack: plain data nested deeper than `RECURSION_LIMIT` is written by a loop
 * (`iterativeCanonical`, the same text), other values that deep are cut at that depth by safe-stable-stringify.
 */
export function canonical(value: unknown): string {
  try {
    return plainCanonical(value, 0);
  } catch (error) {
    if (error === TOO_DEEP) {
      try {
        return iterativeCanonical(value);
      } catch {
        // not plain data: below
      }
    }
    return referenceStringify()(value) ?? 'null';
  }
}

const NOT_PLAIN = new Error('not plain JSON data');
const TOO_DEEP = new Error('nested too deep to recurse');
/** How deep `plainCanonical` recurses before the loop takes over: far below Node's ~10,000 frames. */
const RECURSION_LIMIT = 1000;

/**
 * safe-stable-stringify's deterministic text for what JSON.parse makes (plain objects, arrays, strings,
 * numbers, booleans, null), with native JSON.stringify for strings (the same escaping) and keys sorted by
 * UTF-16 code units (its insertion sort and Array.prototype.sort agree on distinct keys). Throws `NOT_PLAIN`
 * on anything else: undefined, functions, symbols, bigints, `toJSON`, class instances, typed arrays; throws
 * `TOO_DEEP` past `RECURSION_LIMIT` levels.
 */
function plainCanonical(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) return plainScalar(value);
  if (depth >= RECURSION_LIMIT) throw TOO_DEEP;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + plainCanonical(value[i], depth + 1);
    return `${out}]`;
  }
  const record = plainRecord(value);
  let out = '{';
  let separator = '';
  for (const key of Object.keys(record).sort()) {
    out += `${separator}${JSON.stringify(key)}:${plainCanonical(record[key], depth + 1)}`;
    separator = ',';
  }
  return `${out}}`;
}

/** The object as a record when it is a plain one; throws `NOT_PLAIN` otherwise. */
function plainRecord(value: object): Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
  return value as Record<string, unknown>;
}

/** A scalar's text as `plainCanonical` writes it; throws `NOT_PLAIN` on what it would refuse. */
function plainScalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      throw NOT_PLAIN;
  }
}

/** `plainCanonical`'s text with an explicit stack instead of recursion, for data nested past its limit. */
function iterativeCanonical(root: unknown): string {
  interface Frame {
    items: readonly unknown[];
    /** The sorted keys of an object; undefined for an array. */
    keys: readonly string[] | undefined;
    next: number;
  }
  const stack: Frame[] = [];
  let out = '';
  let value = root;
  for (;;) {
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) {
        out += '[';
        stack.push({ items: value, keys: undefined, next: 0 });
      } else {
        const record = plainRecord(value);
        const keys = Object.keys(record).sort();
        out += '{';
        stack.push({ items: keys.map((key) => record[key]), keys, next: 0 });
      }
    } else {
      out += plainScalar(value);
    }
    // The next value to write, closing the containers that are done.
    for (;;) {
      const top = stack.at(-1);
      if (!top) return out;
      if (top.next < top.items.length) {
        if (top.next > 0) out += ',';
        if (top.keys) out += `${JSON.stringify(top.keys[top.next])}:`;
        value = top.items[top.next];
        top.next += 1;
        break;
      }
      out += top.keys ? '}' : ']';
      stack.pop();
    }
  }
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
  if (typeof line.uuid === 'string' && UUID.test(line.uuid)) return line.uuid.toLowerCase();
  return contentId(line, `${file}@${offset}`);
}
