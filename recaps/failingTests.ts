/**
 * Failing test names read from a test runner's output (a Bash tool result). A small, fixed set of line
 * shapes, one per runner, matched after ANSI colour codes are stripped:
 *
 * | runner | line | name kept |
 * | --- | --- | --- |
 * | vitest, jest | `FAIL  src/a.test.ts > suite > test` | `src/a.test.ts > suite > test` (jest's file-only `FAIL path` too) |
 * | vitest, jest, node:test | `× test 3ms`, `✗ test`, `✕ test (3 ms)`, `✖ test` | `test` (duration dropped) |
 * | jest | `● suite › test` | `suite › test` (not `● Test suite failed to run`) |
 * | pytest | `FAILED tests/a.py::test_x - AssertionError` | `tests/a.py::test_x` |
 * | go test | `--- FAIL: TestName (0.00s)` | `TestName` |
 * | cargo test | `test mod::name ... FAILED` | `mod::name` |
 * | mocha, ExUnit | `  1) name` under an `N failing` summary (mocha); `  1) test name (Module)` (ExUnit) | `name`, `Module: name` |
 *
 * A name that is the tail of a longer one already found (vitest prints `× suite > test` and later
 * `FAIL file > suite > test`) is dropped. Output of other tools yields nothing, which is the point: names
 * are only what a runner printed, never guessed.
 */

/** ESC [ … final byte: colour and cursor codes. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const DURATION = /\s+(?:\(\s*\d+(?:\.\d+)?\s*m?s\s*\)|\d+(?:\.\d+)?\s*m?s|\[\s*\d+(?:\.\d+)?\s*m?s\s*\])\s*$/;

interface Rule {
  pattern: RegExp;
  name: (m: RegExpExecArray) => string | undefined;
}

const RULES: Rule[] = [
  // Spaces only: go's `FAIL\t<package>\t0.01s` names a package, not a test.
  { pattern: /^\s*FAIL +(\S.*?)\s*$/, name: (m) => m[1] },
  { pattern: /^\s*[×✗✕✖]\s+(\S.*?)\s*$/, name: (m) => m[1] },
  { pattern: /^\s*●\s+(\S.*›.*?)\s*$/, name: (m) => m[1] },
  { pattern: /^\s*FAILED\s+(\S+::\S+)/, name: (m) => m[1] },
  { pattern: /^\s*--- FAIL:\s+(\S+)/, name: (m) => m[1] },
  { pattern: /^\s*test\s+(\S+)\s+\.\.\.\s+FAILED\s*$/, name: (m) => m[1] },
  { pattern: /^\s+\d+\)\s+test\s+(.+?)\s+\(([\w.]+)\)\s*$/, name: (m) => `${m[2]}: ${m[1]}` },
];
/** Mocha's numbered failures count only with its `N failing` summary (numbered lines are common elsewhere). */
const MOCHA_SUMMARY = /^\s*\d+ failing\s*$/m;
const MOCHA_ITEM = /^\s+\d+\)\s+(\S.*?):?\s*$/;

/** The failing tests `output` names, in the order first printed, without duplicates. */
export function failingTestNames(output: string): string[] {
  const text = output.replace(ANSI, '');
  const found: string[] = [];
  const mocha = MOCHA_SUMMARY.test(text);
  for (const line of text.split(/\r?\n/)) {
    let name: string | undefined;
    for (const rule of RULES) {
      const m = rule.pattern.exec(line);
      if (m) {
        name = rule.name(m);
        break;
      }
    }
    if (name === undefined && mocha) name = MOCHA_ITEM.exec(line)?.[1];
    if (name === undefined) continue;
    name = name.replace(DURATION, '').trim();
    if (name !== '' && !/^(Test suite failed to run|Tests?:|Test Files)/.test(name)) found.push(name);
  }
  return withoutTails([...new Set(found)]);
}

/** Drops names that end a longer name at a ` > ` / ` › ` boundary. */
function withoutTails(names: string[]): string[] {
  const tails = new Set<string>();
  for (const name of names) {
    for (const m of name.matchAll(/ [>›] /g)) tails.add(name.slice(m.index + 3));
  }
  return names.filter((n) => !tails.has(n));
}
