/**
 * Honest history: a session no hook is reporting on is over, whatever its last hook said. Kap's collector
 * ships transcript lines only together with the hook that fired after them (collector/drainInbox.ts), so a
 * live session always has hooks, observed at or after its newest lines. Imported sessions are different:
 * a transcript imported alone has no hook at all, and an imported hook log stops wherever the log stopped
 * (often on a `PreToolUse`: "running"). Such a session reads `ended` at its last activity — not `running`
 * forever, not `idle since` the import, not `waiting` on a prompt nobody will answer.
 *
 * A session is history when
 * - no hook with a time (`observedAt`) ever reported on it (only transcript lines, or an untimed hook log) and
 *   its newest line was stored more than HOOKS_SILENT_MS after it was written (an import). A live session's
 *   first lines reach the store in the same batch as its first hook, seconds after they were written: folded
 *   one event at a time, they must not make it look ended for a moment;
 * - its transcript went on more than HOOKS_SILENT_MS after its newest hook (hooks stopped reporting: not
 *   installed any more, or the lines were imported);
 * - the idle timer found it quiet for more than twice its quiet time (`SessionIdled` long after the last
 *   activity: nothing was watching in between — an import of a hook log, or Kap was down).
 * Any later hook makes it live again (its status then comes from hooks as usual), so a live session that
 * was misjudged for a moment is corrected by its next hook.
 */
import type { SessionStatus } from './hookStatus.js';

/** How far a transcript may run ahead of the newest hook before the hooks count as silent, in ms. */
export const HOOKS_SILENT_MS = 10 * 60_000;

/** What the fold knows about who reports on the session (kept in its state). */
export interface ReportingFacts {
  /** observedAt of the newest timed hook, any hook event; null when none had a time. */
  lastHookAt: string | null;
  /** The newest transcript line time. */
  lastLineAt: string | null;
  /** Whether that line reached the store more than HOOKS_SILENT_MS after it was written (`created` − its time; an import). */
  lastLineStoredLate: boolean;
  /** The idle timer found the session long quiet, and no hook came since. */
  foundQuiet: boolean;
  /** Revision of the last hook or transcript line; -1 before any. */
  activityRevision: number;
  lastActivityAt: string | null;
}

/** The status a session shows when it is history, else undefined (its hooks decide). */
export function historyStatus(facts: ReportingFacts): { status: SessionStatus; statusSince: string | null; waitingFor: null } | undefined {
  if (facts.activityRevision < 0) return undefined;
  const silent =
    (facts.lastHookAt === null && (facts.lastLineAt === null || facts.lastLineStoredLate)) ||
    facts.foundQuiet ||
    (facts.lastHookAt !== null && facts.lastLineAt !== null && Date.parse(facts.lastLineAt) - Date.parse(facts.lastHookAt) > HOOKS_SILENT_MS);
  return silent ? { status: 'ended', statusSince: facts.lastActivityAt, waitingFor: null } : undefined;
}

/** Whether a line written at `writtenAt` (its own ISO time) and recorded at `storedAt` was stored late: an import. */
export function storedLate(writtenAt: string, storedAt: Date): boolean {
  return storedAt.getTime() - Date.parse(writtenAt) > HOOKS_SILENT_MS;
}

/**
 * Whether a `SessionIdled` event (data `at`, `lastActivityAt`, `idleAfterMs`, as workers/idleTimer.ts writes
 * them) came so long after the last activity that nothing was watching the session in between.
 */
export function idledLongAfter(data: { at?: unknown; lastActivityAt?: unknown; idleAfterMs?: unknown }, lastActivityAt: string | null): boolean {
  const last = typeof data.lastActivityAt === 'string' ? data.lastActivityAt : lastActivityAt;
  if (typeof data.at !== 'string' || last === null || typeof data.idleAfterMs !== 'number' || data.idleAfterMs <= 0) return false;
  const quietMs = Date.parse(data.at) - Date.parse(last);
  return Number.isFinite(quietMs) && quietMs > 2 * data.idleAfterMs;
}
