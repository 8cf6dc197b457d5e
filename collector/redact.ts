/**
 * Secret redaction on JSON text, applied by the collector before anything leaves the machine.
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

/** Key names whose values are secrets: whole name, or a `_`/`-`/`.` separated suffix. */
const SECRET_NAME = /(?:^|[_.-])(?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|auth[_-]?token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?|cookie)$/i;
const SECRET_NAME_CAMEL = /(?:Password|Secret|Token|ApiKey|AccessKey|PrivateKey)$/;

/** `"key": "value"` in the JSON text itself. */
const JSON_PAIR = /"([A-Za-z0-9_.-]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** `\"key\": \"value\"` inside a JSON string that holds JSON (a Read of a config file). */
const NESTED_JSON_PAIR = /\\"([A-Za-z0-9_.-]{1,64})\\"(\s*:\s*)\\"([^"\\]*)\\"/g;
/** `NAME=value` / `NAME: value` in text (env files, shell commands). */
const ASSIGNMENT = /\b([A-Za-z][A-Za-z0-9_]*?(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|password|secret|api_key|apikey|access_key))(\s*[=:]\s*)([^\s"\\,;'`]{3,})/g;

const isSecretName = (name: string) => SECRET_NAME.test(name) || SECRET_NAME_CAMEL.test(name);

/**
 * Returns `text` with secrets replaced by `[REDACTED]`. `text` is one JSON document (a transcript line or a
 * hook payload); the result is valid JSON whenever the input was. Numbers (e.g. `input_tokens`) are never
 * touched: only string values are redacted.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of TOKEN_RULES) out = out.replace(rule.pattern, REDACTED);
  out = out.replace(JSON_PAIR, (whole, key: string, sep: string, value: string) =>
    isSecretName(key) && value !== '' && value !== REDACTED ? `"${key}"${sep}"${REDACTED}"` : whole,
  );
  out = out.replace(NESTED_JSON_PAIR, (whole, key: string, sep: string, value: string) =>
    isSecretName(key) && value !== '' && value !== REDACTED ? `\\"${key}\\"${sep}\\"${REDACTED}\\"` : whole,
  );
  out = out.replace(ASSIGNMENT, (whole, name: string, sep: string, value: string) =>
    value === REDACTED || value.startsWith('$') ? whole : `${name}${sep}${REDACTED}`,
  );
  return out;
}
