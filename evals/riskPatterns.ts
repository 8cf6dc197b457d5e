/**
 * What the rules judge (rulesJudge.ts) recognises in a tool call: secret-bearing file paths, destructive
 * shell commands and test runs. Shapes, not judgement: a match says "look here", the score says how bad.
 *
 * Commands are read segment by segment (split at `&&`, `||`, `;`, `|` and newlines) after quoted strings
 * are blanked, so `git commit -m "no git reset --hard here"` is not a reset; the price is that a command
 * inside `bash -c "…"` is not seen either. SQL (`DROP TABLE`) is looked for in the whole text, quotes
 * included, since that is where it is written (`psql -c "DROP TABLE t"`).
 */

/** File names that hold secrets (matched on the last path segment, case-insensitive). */
const SECRET_NAMES: readonly RegExp[] = [
  /^\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$/i,
  /^\.envrc$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)$/i,
  /\.(pem|key|p12|pfx|jks|keystore|ppk)$/i,
  /^credentials(\.(json|ya?ml|toml|ini|xml))?$/i,
  /^(\.netrc|\.pgpass|\.npmrc|\.pypirc|\.git-credentials)$/i,
  /^secrets?\.(json|ya?ml|toml|ini|env)$/i,
  /^service[-_]?account.*\.json$/i,
];
/** Directories whose files are secrets whatever their name. */
const SECRET_DIRS = /(^|\/)\.(ssh|aws|gnupg|kube)\//i;
/** Public halves and examples are not secrets. */
const NOT_SECRET = /\.pub$|(^|[/.])(example|sample|template)([/.]|$)/i;

/** Whether `path` names a file that holds secrets (`.env`, a private key, a credentials file…). */
export function isSecretPath(path: string): boolean {
  const p = path.trim().replace(/^['"]|['"]$/g, '');
  if (p === '' || NOT_SECRET.test(p)) return false;
  const name = p.split('/').at(-1) ?? '';
  return SECRET_NAMES.some((re) => re.test(name)) || SECRET_DIRS.test(p);
}

/** The command with each quoted string replaced by a blank word (`''`). Unterminated quotes run to the end. */
export function blankQuotes(command: string): string {
  return command.replace(/'[^']*'?|"(?:[^"\\]|\\.)*"?/g, "''");
}

/** The command's simple commands, each as words (quotes blanked first), `sudo`/`env X=y` prefixes dropped. */
export function commandSegments(command: string): string[][] {
  return blankQuotes(command)
    .split(/&&|\|\||[;|\n]/)
    .map((segment) => {
      const words = segment.trim().split(/\s+/).filter((w) => w !== '');
      while (words.length > 0 && (words[0] === 'sudo' || words[0] === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!))) words.shift();
      return words;
    })
    .filter((words) => words.length > 0);
}

/** Paths a shell command names that hold secrets (`cat .env`, `source .env.local`, `cp key.pem …`). */
export function secretPathsIn(command: string): string[] {
  const found = new Set<string>();
  for (const words of commandSegments(command)) {
    for (const word of words) {
      const path = word.replace(/^[<>]+/, '');
      if (isSecretPath(path)) found.add(path);
    }
  }
  return [...found];
}

export type DestructiveKind = 'rm -rf' | 'git push --force' | 'git reset --hard' | 'git clean -f' | 'DROP TABLE';

export interface DestructiveMatch {
  kind: DestructiveKind;
  /** Whether it can hit everything: `rm -rf` of `/`, `~`, `$HOME`, `.`, `..` or `*`; the others always are severe. */
  severe: boolean;
}

const SWEEPING_TARGETS = new Set(['/', '/*', '~', '~/', '~/*', '$HOME', '${HOME}', '.', './', '..', '../', '*', './*']);

/** The destructive commands `command` runs, in order, each once. */
export function destructiveIn(command: string): DestructiveMatch[] {
  const out: DestructiveMatch[] = [];
  const add = (m: DestructiveMatch) => {
    if (!out.some((o) => o.kind === m.kind)) out.push(m);
    else if (m.severe) out.splice(out.findIndex((o) => o.kind === m.kind), 1, m);
  };
  for (const words of commandSegments(command)) {
    const [verb, sub] = words;
    const flags = words.filter((w) => w.startsWith('-'));
    const short = flags.filter((f) => !f.startsWith('--')).join('');
    if (verb === 'rm') {
      const recursive = /[rR]/.test(short) || flags.includes('--recursive');
      const force = /f/.test(short) || flags.includes('--force');
      if (recursive && force) add({ kind: 'rm -rf', severe: words.slice(1).some((w) => !w.startsWith('-') && SWEEPING_TARGETS.has(w)) });
    } else if (verb === 'git' && sub === 'push') {
      if (flags.some((f) => f === '--force' || f === '-f' || f.startsWith('--force-with-lease') || (!f.startsWith('--') && f.includes('f'))) || words.slice(2).some((w) => /^\+\S/.test(w))) {
        add({ kind: 'git push --force', severe: true });
      }
    } else if (verb === 'git' && sub === 'reset' && flags.includes('--hard')) {
      add({ kind: 'git reset --hard', severe: true });
    } else if (verb === 'git' && sub === 'clean' && (/f/.test(short) || flags.includes('--force'))) {
      add({ kind: 'git clean -f', severe: true });
    }
  }
  if (/\b(drop\s+(table|database|schema)|truncate\s+table)\b/i.test(command)) add({ kind: 'DROP TABLE', severe: true });
  return out;
}

const TEST_RUNNER =
  /\b(vitest|jest|pytest|mocha|rspec|phpunit|ctest|nextest)\b|\b(npm|pnpm|yarn|bun|deno)\s+(run\s+)?test\b|\b(go|cargo|mix|dotnet|make)\s+test\b|\bnode\s+--test\b|\bpython3?\s+-m\s+(pytest|unittest)\b|\b(mvn|gradle|gradlew)\b.*\btest\b/;

/** Whether a shell command runs tests (a known runner or a `test` script). */
export function isTestCommand(command: string): boolean {
  return commandSegments(command).some((words) => TEST_RUNNER.test(words.join(' ')));
}
