/**
 * Secret rules on one decoded string (a JSON string value or key, or a text that is not JSON), and the
 * anchors that let almost every string skip them.
 *
 * Forms covered: private key blocks, also truncated (BEGIN without END); vendor tokens by their documented
 * prefixes (AWS, GitHub, Slack, Anthropic, OpenAI, npm, and the other prefixes of secretlint's recommended
 * preset: Stripe, SendGrid, Google API, GitLab, Grafana, Shopify, Linear, Notion, Vault, Docker, Figma,
 * Databricks, Groq, Hugging Face, 1Password, Vercel); JWTs; `Bearer …`; credentials in URLs
 * (`https://user:pass@host`, `postgres://u:p@h/db`); assignments to a secret-named name, bare or quoted
 * (`password=…`, `PGPASSWORD='…'`, `SECRET_KEY = "…"`, `api_key: …`, `"token": "…"`, `Authorization: Basic …`,
 * `Password=…;` in connection strings, `-Dx.password=…`); a secret name, a space and a secret-looking value, CLI
 * `set` style (`aws configure set aws_secret_access_key …`, `AWS_SECRET_ACCESS_KEY …`: see `redactAssignments`);
 * `--password x` / `--token x` flags; `curl -u user:pass`; `mysql -pSECRET`; `docker login -p SECRET` (and
 * podman, nerdctl, buildah, skopeo, oras, `helm registry login`: only after those commands, since `-p` is a
 * port, a path or a patch elsewhere, and a database name after `mysql -p`).
 *
 * Kept on purpose (code, not secrets): a value that is a call or index (`getPassword()`, `env["TOKEN"]`), a
 * member chain naming a secret (`user.password`, `process.env.API_TOKEN`), a variable reference (`$TOKEN`,
 * `${TOKEN}`, `%TOKEN%`), a literal or type (`null`, `string`, `true`), and names whose last word says the
 * value is not the secret (`passwordField`, `token_type`, `PRIVATE_KEY_PATH`, `input_tokens`).
 */

export const REDACTED = '[REDACTED]';

/**
 * Every rule's match contains one of these anchors, as the same ASCII characters. In JSON text a printable
 * ASCII character is written as itself by JSON.stringify (what Claude Code writes with), so the anchors also
 * find a secret in the serialised line, at any nesting of JSON inside strings; the escapes JSON.stringify
 * never writes (`\/`, `\u0041`) are anchors themselves, so such text always goes the slow way. They are
 * three regexes, each kept to literals where it can: one alternation over all of them runs 2-3× slower.
 */
/** The words of secret names (`isSecretName` decides where they must stand). */
const NAME_WORD_ANCHORS = [
  'passw',
  'passphrase',
  'pass(?!ed|ing|es[^a-z]|age|ive|enger|through|port|ion)', // the exceptions are not secret names either (isSecretName)
  '[a-z0-9_.-]pwd', // only ending a longer name (DB_PWD): `pwd` alone is the shell's
  'secret',
  // Plural `tokens` ending a name is a count (`input_tokens`), never a secret name (see isSecretName).
  'token(?!s[^a-z0-9_.-])',
  'api[_-]?key',
  'access[_-]?key',
  'private[ _-]?key',
  'credential',
  'authoriz',
  'cookie',
];
const WORD_ANCHOR_SOURCE = [
  ...NAME_WORD_ANCHORS,
  'bearer', // Bearer rule
  'mysql|mariadb', // mysql -p
  'login', // docker login -p
  'eyj', // JWT
  'hooks\\.slack\\.com',
].join('|');
/** Vendor token prefixes, after the same left boundary as the rules', as raw JSON text sees it. */
const VENDOR_PREFIXES =
  'A(?:KIA|SIA|BIA|CCA|3T)|gh[pousr]_|github_pat_|xox[abposre]-|xapp-|sk-|npm_|[sr]k_live_|[sr]k_test_|SG\\.|AIza|glpat-|glc_|glsa_|shp(?:at|ca|pa|ss)_|lin_api_|ntn_|hv[sbr]\\.|dckr_pat_|figd_|dapi|gsk_|hf_|ops_ey|vc[pikar]_';
const VENDOR_ANCHOR_SOURCE = `(?:\\b|\\\\[nrtbf]|\\\\u00[0-9a-fA-F]{2})(?:${VENDOR_PREFIXES})`;
const OTHER_ANCHOR_SOURCE = [
  '://[^/@ ]*@', // credentials in a URL
  '-u[\\s\\\\]|--user', // curl -u user:pass
  '\\\\/|\\\\u00[2-7]', // escapes JSON.stringify never writes
].join('|');

/** The anchors as [source, flags]: for decoded strings and JSON text alike (a line, a string token, a file's bytes as latin1). */
export const ANCHOR_SOURCES: readonly (readonly [string, string])[] = [
  [WORD_ANCHOR_SOURCE, 'i'],
  [VENDOR_ANCHOR_SOURCE, ''],
  [OTHER_ANCHOR_SOURCE, ''],
];
const ANCHORS = ANCHOR_SOURCES.map(([source, flags]) => new RegExp(source, flags));
/** Whether `text` (decoded or JSON) holds an anchor: when not, no rule can match it. */
export const hasAnchor = (text: string): boolean => ANCHORS.some((anchor) => anchor.test(text));

/** Words of a secret name, longest first; `isSecretName` checks where they stand in the name. */
const NAME_WORD = /password|passwd|passphrase|pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|authorization|cookie/gi;
const SHORT_WORDS = new Set(['pass', 'pwd']);
/** A name's last word that says its value is about the secret, not the secret itself. */
const NOT_THE_VALUE = new Set(
  'field input label placeholder length len count hint type name names id ids file files path dir policy prompt required enabled visible stdin expiry expires expiration ttl url uri endpoint env var header ref selector regex pattern schema strength min max limit helper manager provider reset rotation mode source format usage budget version'.split(' '),
);
const isLetter = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);
const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';

/**
 * Whether a key or variable name holds a secret: it has a secret word (password, secret, token, api key,
 * credential, authorization, cookie, …) standing as a word (`PGPASSWORD`, `dbPassword`, `SECRET_KEY_BASE`,
 * `x-api-key`; not `tokenizer`, `bypass`), whose last word is not one of `NOT_THE_VALUE`, and that is not
 * the plural `tokens` (counts: `input_tokens`, `max_tokens`).
 */
export function isSecretName(name: string): boolean {
  const bare = name.replace(/^-+/, '');
  let rest: string | undefined;
  let word = '';
  for (const match of bare.matchAll(NAME_WORD)) {
    const start = match.index;
    let end = start + match[0].length;
    const lower = match[0].toLowerCase();
    // `pwd` only ends a longer name (DB_PWD, dbPwd); `pass` stands as a word of its own (not bypass, passed).
    if (lower === 'pwd' && start === 0) continue;
    if (SHORT_WORDS.has(lower) && start > 0 && isLetter(bare[start - 1]) && !(isLower(bare[start - 1]) && isUpper(bare[start]))) continue;
    if (lower === 'pass' && /^(?:ed|ing|es(?![a-z])|age|ive|enger|through|port|ion)/i.test(bare.slice(end))) continue;
    const endsWord = (at: number) => !isLetter(bare[at]) || (isUpper(bare[at]) && isLower(bare[at - 1]));
    if ((bare[end] === 's' || bare[end] === 'S') && endsWord(end + 1)) end += 1;
    else if (!endsWord(end)) continue;
    rest = bare.slice(end);
    word = bare.slice(start, end).toLowerCase();
  }
  if (rest === undefined) return false;
  if (word === 'tokens') return false;
  const words = rest.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w.length > 0);
  const last = words[words.length - 1]?.toLowerCase();
  return last === undefined || !NOT_THE_VALUE.has(last);
}

const KEYWORDS = new Set('null none nil undefined true false string str bytes number int integer bool boolean any unknown object optional required redacted'.split(' '));
const CALL_OR_INDEX = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[([]/;
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** A value that is no secret but code or a placeholder (see the module comment). */
export function isReference(quoted: string, name?: string): boolean {
  const value = quoted.replace(/^(?:Bearer|Basic|Token|Bot|Digest)[ \t]+/i, '');
  if (value.length === 0 || value === REDACTED || value.includes('${')) return true;
  if (/^(?:\$|%|\{|\[|\(|<%)/.test(value)) return true; // a variable, format, template, object or list
  // An identifier naming a secret in code style (csrfToken, API_KEY), not a word-like password (password123).
  if (/^[A-Za-z_$][\w$]*$/.test(value) && /[a-z][A-Z]|_/.test(value) && isSecretName(value)) return true;
  if (KEYWORDS.has(value.toLowerCase())) return true;
  if (CALL_OR_INDEX.test(value)) return true;
  if (MEMBER_CHAIN.test(value) && isSecretName(value.slice(value.lastIndexOf('.') + 1))) return true;
  if (name !== undefined && value === name.slice(name.lastIndexOf('.') + 1)) return true; // this.password = password
  return false;
}

const NAME_WORDS = new RegExp(NAME_WORD_ANCHORS.join('|'), 'gi');
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const SCHEME = '(?:(?:Bearer|Basic|Token|Bot|Digest)[ \\t]+)?';
/** Quoted as `\"…\"` (JSON in a string), `"…"`, `'…'`, `` `…` ``, or bare up to a space, quote or separator. */
const VALUE = '(?:\\\\"((?:[^"\\\\]|\\\\[^"])*)\\\\"|"((?:[^"\\\\\\n]|\\\\.)*)"|\'([^\'\\n]*)\'|`([^`\\n]*)`|([^\\s"\'`,;&)}\\]<>\\\\]+))';
/** What follows a secret name in an assignment: `=`, `:`, `:=`, `=>` (after the name's closing quote, if any). */
const AFTER_NAME = new RegExp(`\\\\?["']?[ \\t]*(?::=|=>|=(?![=~])|:(?![:/]))[ \\t]*${SCHEME}${VALUE}`, 'iy');
/** What follows a `--flag`: its value after spaces, unless that is the next flag. */
const AFTER_FLAG = new RegExp(`[ \\t]+${SCHEME}(?!-)${VALUE}`, 'iy');
/** What follows a secret name in `set` style: its value after spaces, unless that is a flag. */
const AFTER_SPACE = new RegExp(`[ \\t]+(?!-)${VALUE}`, 'y');
/** How many quote characters close each VALUE alternative. */
const CLOSING = [2, 1, 1, 1, 0];
/** A name written as code (`aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `npmAuthToken`), not a word of prose. */
const CODE_NAME = /_|[a-z][A-Z]/;
/** A `set` command's word just before the name (`aws configure set`, `npm config set`). */
const AFTER_SET = /(?:^|[^A-Za-z0-9_.-])set[ \t]+$/i;
/**
 * A value after a space that looks like a secret rather than a word: 6 characters or more, a letter and a digit
 * or symbol, not a path or URL (`AWS_SECRET_ACCESS_KEY environment`, `api_token TEXT`, `SSH_KEY ~/.ssh/id` stay).
 */
const SECRET_LOOKING = /^(?![./~])(?!.*:\/\/)(?=.*[A-Za-z])(?=.*[0-9/+=!@#%^])[^\n]{6,}$/;

/**
 * Assignments and flags: each secret word found is widened to its whole name (`[A-Za-z0-9_.-]` around
 * it), and a value after the name is redacted when the name is a secret name and the value no reference.
 * Found from the word outwards, so the cost is per word, not per character of a large text.
 */
function redactAssignments(text: string): string {
  let out = '';
  let copied = 0;
  NAME_WORDS.lastIndex = 0;
  for (let word = NAME_WORDS.exec(text); word; word = NAME_WORDS.exec(text)) {
    let start = word.index;
    while (start > copied && NAME_CHAR.test(text[start - 1]!)) start -= 1;
    let end = word.index + word[0].length;
    while (end < text.length && NAME_CHAR.test(text[end]!)) end += 1;
    NAME_WORDS.lastIndex = end;
    const name = text.slice(start, end);
    if (!isSecretName(name)) continue;
    // URL userinfo (`https://x-access-token:…@host/path`): the URL rule redacts up to the `@` and keeps the rest.
    if (start >= 3 && text.startsWith('://', start - 3)) continue;
    AFTER_NAME.lastIndex = end;
    let match = AFTER_NAME.exec(text);
    let spaced = false;
    if (!match && name.startsWith('-')) {
      AFTER_FLAG.lastIndex = end;
      match = AFTER_FLAG.exec(text);
    } else if (!match && (CODE_NAME.test(name) || AFTER_SET.test(text.slice(Math.max(copied, start - 16), start)))) {
      AFTER_SPACE.lastIndex = end;
      match = AFTER_SPACE.exec(text);
      spaced = true;
    }
    if (!match) continue;
    const i = match.findIndex((group, n) => n > 0 && group !== undefined);
    const value = match[i]!;
    if (isReference(value, name) || (spaced && !SECRET_LOOKING.test(value))) continue;
    const valueEnd = match.index + match[0].length - CLOSING[i - 1]!;
    out += text.slice(copied, valueEnd - value.length) + REDACTED;
    copied = valueEnd;
    NAME_WORDS.lastIndex = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Token characters may follow a letter only after an escape left in the text (`\nghp_…` in JSON in JSON). */
const B = '(?:(?<![A-Za-z0-9_])|(?<=\\\\[nrtbf]|\\\\u00[0-9a-fA-F]{2}))';
const VENDOR_TOKEN = new RegExp(
  `${B}(?:` +
    [
      '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}(?![A-Za-z0-9])',
      'gh[pousr]_[A-Za-z0-9_]{36,255}',
      'github_pat_[A-Za-z0-9_]{22,255}',
      'xox[abposre]-[A-Za-z0-9-]{10,250}',
      'xapp-[A-Za-z0-9-]{10,250}',
      'sk-ant-[A-Za-z0-9_-]{20,}',
      'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}',
      'npm_[A-Za-z0-9]{36}',
      '[sr]k_(?:live|test)_[A-Za-z0-9]{16,}',
      'SG\\.[\\w-]{16,}\\.[\\w-]{16,}',
      'AIza[0-9A-Za-z_-]{35}',
      'glpat-[A-Za-z0-9_-]{20,}',
      'glc_[A-Za-z0-9+/]{32,}={0,2}',
      'glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}',
      'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32,64}',
      'lin_api_[A-Za-z0-9_]{32,128}',
      'ntn_[0-9]{11}[A-Za-z0-9]{35}',
      'hv[sbr]\\.[A-Za-z0-9_-]{90,300}',
      'dckr_pat_[A-Za-z0-9_-]{27}',
      'figd_[A-Za-z0-9_-]{40,200}',
      'dapi[a-f0-9]{32}',
      'gsk_[A-Za-z0-9]{52}',
      'hf_[A-Za-z]{34}',
      'ops_ey[A-Za-z0-9+/=]{100,}',
      'vc[pikar]_[A-Za-z0-9]{20,60}',
    ].join('|') +
    ')',
  'g',
);

interface Rule {
  /** Which of ANCHOR_SOURCES every match holds. */
  anchor: 0 | 1 | 2;
  pattern: RegExp;
  replace: (whole: string, ...groups: string[]) => string;
}

const RULES: readonly Rule[] = [
  {
    anchor: 0,
    // A key block, or a truncated one (no END): then everything that can still be key text.
    pattern: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,.\\"'|→-]*)/g,
    replace: () => REDACTED,
  },
  { anchor: 1, pattern: VENDOR_TOKEN, replace: () => REDACTED },
  { anchor: 0, pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g, replace: () => REDACTED },
  { anchor: 0, pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, replace: () => REDACTED },
  {
    anchor: 2,
    pattern: /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@"'<>]*:)([^\s/?#"'<>]+)@/g,
    replace: (whole, head: string, password: string) => (isReference(password) ? whole : `${head}${REDACTED}@`),
  },
  {
    anchor: 0,
    // Bearer tokens in prose or headers; a plain word after "Bearer" (prose) stays.
    pattern: /(?<![A-Za-z])((?:[Bb]earer|BEARER)[ \t]+)([A-Za-z0-9._~+/=-]{8,})/g,
    replace: (whole, head: string, token: string) => (/^[A-Za-z]+$/.test(token) && token.length < 20 ? whole : `${head}${REDACTED}`),
  },
  {
    anchor: 2,
    pattern: /(?<![A-Za-z0-9_-])((?:-u|--user)(?:[ \t]+|=)['"]?[^\s:'"]+:)([^\s'"]+)/g,
    replace: (whole, head: string, password: string) => (/^\d+$/.test(password) || isReference(password) ? whole : `${head}${REDACTED}`),
  },
  {
    anchor: 0,
    // A registry login's separate `-p` value; elsewhere `-p` is a port, a path or a patch (`ssh -p 22`, `mkdir -p`).
    pattern: /(\b(?:(?:docker|podman|nerdctl|buildah|skopeo|oras)[ \t]+login|helm[ \t]+registry[ \t]+login)\b[^\n|;&]*?[ \t]-p[ \t]+)(\\"(?:[^"\\\n]|\\[^"])*\\"|'[^'\n]*'|"[^"\n]*"|[^\s'"\\-][^\s'"]*)/g,
    replace: (whole, head: string, password: string) => {
      const quote = /^(?:\\"|['"])/.exec(password)?.[0] ?? '';
      return isReference(password.slice(quote.length, password.length - quote.length)) ? whole : `${head}${quote}${REDACTED}${quote}`;
    },
  },
  {
    anchor: 0,
    pattern: /(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]*?[ \t]-p)([^\s'"-][^\s'"]*|'[^']*'|"[^"]*")/g,
    replace: (whole, head: string, password: string) => (isReference(password) ? whole : `${head}${REDACTED}`),
  },
];

/** `text` with every secret the rules find replaced by `[REDACTED]`; the same string when none. */
export function redactText(text: string): string {
  const hits = ANCHORS.map((anchor) => anchor.test(text));
  if (!hits.includes(true)) return text;
  let out = hits[0] ? redactAssignments(text) : text;
  for (const rule of RULES) if (hits[rule.anchor]) out = out.replace(rule.pattern, rule.replace);
  return out;
}
