/** One finding of `kap doctor`: what was checked, how it stands, and what to do about it. */
export type CheckLevel = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Short name: `server`, `token`, `hooks`, `launcher`, `inbox`, `spool`, `set aside`, `store`. */
  name: string;
  level: CheckLevel;
  /** What was found, one line. */
  detail: string;
  /** What to run or set, when the level is not ok. */
  fix?: string;
}

const MARK: Record<CheckLevel, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** Aligned lines for a terminal: `ok   server    Kap answers at http://…`, fixes indented under their line. */
export function formatChecks(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .map((c) => `${MARK[c.level]} ${c.name.padEnd(width)}  ${c.detail}${c.fix ? `\n${' '.repeat(width + 7)}→ ${c.fix}` : ''}`)
    .join('\n');
}
