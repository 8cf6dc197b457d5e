/**
 * The collector's redaction before issue #10 (collector/redact.ts at 3cbc233), kept only as the baseline of
 * bench/redaction.ts. Secret redaction on JSON text, applied by the collector before anything leaves the machine.
 *
 * Works on the serialised line so it reaches every nested string (tool inputs, file contents in tool
 * results) at regex speed. Every pattern stops at `"` and `\`, and every replacement is plain ASCII without
 * either, so redacted JSON stays valid JSON. Rules: private key blocks; AWS access key ids; GitHub, Slack,
 * Anthropic, OpenAI and npm tokens (their documented prefixes); the string value of a JSON key whose name
 * says secret (password, secret, token, api_key, …); `NAME=value` where NAME says secret.
 */

export const REDACTED = '[REDACTED]';

interface Rule {
  name: string;
  pattern: RegExp;
}

const TOKEN_RULES: readonly Rule[] = [
  { name: 'private-key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[^"]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g },
  { name: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { name: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,250}\b/g },
  { name: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { name: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { name: 'openai-key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}/g },
  { name: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
];

/** Cheap first passes: most lines hold no secret, and then no other rule runs. */
const TOKEN_CANDIDATE = /PRIVATE KEY-----|\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]|\bgh[pousr]_|github_pat_|\bxox[abposr]-|hooks\.slack\.com|\bsk-|\bnpm_[A-Za-z0-9]/;
const SECRET_WORDS = 'password|passwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|cookie';
/** A secret-named key or variable right before `:` or `=` (`input_tokens` does not end in a secret word). */
const NAME_CANDIDATE = new RegExp(`(?:${SECRET_WORDS})(?:\\\\?")?\\s*[:=]`, 'i');

/** `"key": "value"` in the JSON text itself, key ending in a secret word. */
const JSON_PAIR = new RegExp(`"([A-Za-z0-9_.-]{0,48}(?:${SECRET_WORDS}))"(\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, 'gi');
/** `\"key\": \"value\"` inside a JSON string that holds JSON (a Read of a config file). */
const NESTED_JSON_PAIR = new RegExp(`\\\\"([A-Za-z0-9_.-]{0,48}(?:${SECRET_WORDS}))\\\\"(\\s*:\\s*)\\\\"([^"\\\\]*)\\\\"`, 'gi');
/** `NAME=value` / `NAME: value` in text (env files, shell commands). */
const ASSIGNMENT = /\b([A-Za-z][A-Za-z0-9_]*?(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|password|secret|api_key|apikey|access_key))(\s*[=:]\s*)([^\s"\\,;'`]{3,})/g;

/**
 * The same first passes run over the bytes of many lines at once, read as latin1 (one character a byte, no
 * decoding). Each is a superset, on UTF-8 bytes, of its test on a decoded line: the token prefixes are ASCII
 * and match the same bytes (`\b` sees a non-ASCII character and its bytes alike as non-word); `\s` on text
 * may be a non-ASCII space, whose bytes are all ≥ 0x80.
 */
const TOKEN_CANDIDATE_BYTES = new RegExp(TOKEN_CANDIDATE.source, 'g');
const NAME_CANDIDATE_BYTES = new RegExp(`(?:${SECRET_WORDS})(?:\\\\?")?[\\s\\x80-\\xff]*[:=]`, 'gi');

/**
 * Offsets in `latin1` (UTF-8 bytes read as latin1) where `redactSecrets` could find a secret, unsorted.
 * A line none of them falls in comes back from `redactSecrets` unchanged, so it can be sent as its bytes.
 */
export function secretCandidateOffsets(latin1: string): number[] {
  const out: number[] = [];
  for (const pattern of [TOKEN_CANDIDATE_BYTES, NAME_CANDIDATE_BYTES]) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(latin1); match; match = pattern.exec(latin1)) out.push(match.index);
  }
  return out;
}

/**
 * Returns `text` with secrets replaced by `[REDACTED]`. `text` is one JSON document (a transcript line or a
 * hook payload); the result is valid JSON whenever the input was. Numbers (e.g. `input_tokens`) are never
 * touched: only string values are redacted.
 */
export function redactSecrets(text: string): string {
  let out = text;
  if (TOKEN_CANDIDATE.test(out)) for (const rule of TOKEN_RULES) out = out.replace(rule.pattern, REDACTED);
  if (!NAME_CANDIDATE.test(out)) return out;
  out = out.replace(JSON_PAIR, (whole, key: string, sep: string, value: string) => (value === '' || value === REDACTED ? whole : `"${key}"${sep}"${REDACTED}"`));
  out = out.replace(NESTED_JSON_PAIR, (whole, key: string, sep: string, value: string) =>
    value === '' || value === REDACTED ? whole : `\\"${key}\\"${sep}\\"${REDACTED}\\"`,
  );
  out = out.replace(ASSIGNMENT, (whole, name: string, sep: string, value: string) =>
    value === REDACTED || value.startsWith('$') ? whole : `${name}${sep}${REDACTED}`,
  );
  return out;
}
