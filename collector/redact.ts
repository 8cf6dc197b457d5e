/**
 * Secret redaction of one JSON document (a transcript line or a hook payload), applied by the collector and
 * `kap import` before anything is written to the spool or sent to the ingest.
 *
 * Only JSON string values (and keys) are redacted, never the serialised line: the line is scanned token by
 * token and a string that changes is spliced back, re-encoded, in its place. Everything else — numbers
 * (`input_tokens`, offsets), uuids, message ids, whitespace, key order, the escapes of untouched strings —
 * keeps its exact bytes, and a line with nothing to redact comes back as the same string.
 *
 * - Every string is redacted by the rules of redactText.ts (assignments, flags, URL credentials, bearer
 *   tokens, JWTs, private keys, vendor tokens).
 * - The string value of a secret-named key (`{"password": "x"}`, `{"api_key": ["a", "b"]}`: see
 *   `isSecretName`) is replaced whole, unless empty or a reference (`${DB_PASSWORD}`).
 * - A number, boolean or null under a secret-named key stays: Claude Code's numbers are counts, sizes and
 *   offsets (`max_tokens`), kept byte-exact; a secret typed as a JSON number (`{"pin": 1234}`) is not
 *   recognised. A number written in text (`PIN=1234` in a command) is a string and is redacted.
 * - Nesting: the scan keeps one array entry per open object or array and never recurses, so a payload nested
 *   10,000 deep is redacted at every depth like a flat one (no depth bound, no stack overflow).
 * - Text that is not JSON (a torn line) is redacted as one string.
 */
import { ANCHOR_SOURCES, hasAnchor, isReference, isSecretName, REDACTED, redactText } from './redactText.js';

export { REDACTED } from './redactText.js';

const ANCHORS_ALL = ANCHOR_SOURCES.map(([source, flags]) => new RegExp(source, `${flags}g`));
const STRUCTURE = /["{}[\]:,]/g;
const STRING_TOKEN = /"(?:[^"\\]|\\[\s\S])*"/y;

/**
 * Offsets in `latin1` (UTF-8 bytes read as latin1: one character a byte, no decoding) where `redactSecrets`
 * could find a secret, unsorted. A line none of them falls in comes back from `redactSecrets` unchanged, so
 * it can be sent as its bytes. Sound because every rule's match holds an ASCII anchor (redactText.ts), which
 * is the same bytes in UTF-8 and latin1; the anchors' classes treat every byte ≥ 0x80 as a non-space letter.
 */
export function secretCandidateOffsets(latin1: string): number[] {
  const out: number[] = [];
  for (const anchor of ANCHORS_ALL) {
    anchor.lastIndex = 0;
    for (let match = anchor.exec(latin1); match; match = anchor.exec(latin1)) out.push(match.index);
  }
  return out;
}

/**
 * Returns `text` with secrets replaced by `[REDACTED]` (see the module comment). `text` is one JSON
 * document; the result is valid JSON whenever the input was, and `text` itself when nothing was found.
 */
export function redactSecrets(text: string): string {
  if (!hasAnchor(text)) return text;
  try {
    JSON.parse(text);
  } catch {
    return redactText(text);
  }
  return redactJson(text);
}

/** A string token's value, decoded only when it has escapes. */
const decode = (token: string): string => (token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1));

/** The redacted string token, or undefined when it stays as it is. */
function redactToken(token: string, secretValue: boolean): string | undefined {
  if (secretValue) {
    const value = decode(token);
    return isReference(value) ? undefined : JSON.stringify(REDACTED);
  }
  if (!hasAnchor(token)) return undefined;
  const value = decode(token);
  const redacted = redactText(value);
  return redacted === value ? undefined : JSON.stringify(redacted);
}

interface Container {
  object: boolean;
  /** An array that is the value of a secret-named key: its strings are redacted whole. */
  secret: boolean;
}

/** Scans valid JSON text and splices in the strings that change. */
function redactJson(text: string): string {
  const open: Container[] = [];
  let expectKey = false;
  let keyIsSecret = false;
  let out = '';
  let copied = 0;
  for (let at = 0; ; ) {
    STRUCTURE.lastIndex = at;
    const match = STRUCTURE.exec(text);
    if (!match) break;
    at = match.index + 1;
    const top = open[open.length - 1];
    switch (match[0]) {
      case '"': {
        STRING_TOKEN.lastIndex = match.index;
        const token = STRING_TOKEN.exec(text)![0];
        at = match.index + token.length;
        const isKey = top?.object === true && expectKey;
        if (isKey) keyIsSecret = isSecretName(decode(token));
        const secretValue = !isKey && (top ? (top.object ? keyIsSecret : top.secret) : false);
        const redacted = redactToken(token, secretValue);
        if (redacted !== undefined) {
          out += text.slice(copied, match.index) + redacted;
          copied = at;
        }
        break;
      }
      case '{':
        open.push({ object: true, secret: false });
        expectKey = true;
        break;
      case '[':
        open.push({ object: false, secret: top ? (top.object ? keyIsSecret : top.secret) : false });
        expectKey = false;
        break;
      case ':':
        expectKey = false;
        break;
      case ',':
        expectKey = top?.object === true;
        break;
      default: // } or ]
        open.pop();
        expectKey = false;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
