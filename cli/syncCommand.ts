/**
 * `kap sync`: ships what the collector holds — the inbox and the spool — now, without waiting for a hook
 * event, and says what happened. Spooled batches that failed before are retried at once (their back-off
 * waived; each try still counts). Exit code 1 when the ingest could not be reached and something is left
 * to ship; 0 otherwise (set-aside batches are reported, not retried: they wait for a person).
 *
 *   shipped   3 batches (1 from the inbox, 2 from the spool)
 *   spooled   0
 *   set aside 1 now, 4 in all, under ~/.kap/collector/rejected
 *   waiting   0 inbox entries, 0 spooled batches
 */
import { collectorLogger } from '../collector/collectorLog.js';
import type { KapConfig } from '../config/kapConfig.js';
import { collectorPaths, inboxCount, preparePrivateDirs, rejectedCount } from '../collector/collectorState.js';
import type { DrainReport } from '../collector/drainInbox.js';
import { drainInbox, emptyReport } from '../collector/drainInbox.js';
import { cachedGitContext } from '../collector/gitContext.js';
import { spoolCount } from '../collector/spool.js';
import { readToken } from '../ingest/token.js';

export interface SyncResult {
  report: DrainReport;
  /** Inbox entries and spooled batches still waiting after the sync. */
  waiting: { inbox: number; spool: number };
  /** Everything under `collector/rejected`, and where that is. */
  setAsideInAll: number;
  rejectedDir: string;
  /** 1 when the ingest was unreachable and something is left to ship, else 0. */
  exitCode: 0 | 1;
}

/** Runs the sync and returns what happened; never throws for an unreachable or failing ingest. */
export async function runSync(config: Readonly<KapConfig>): Promise<SyncResult> {
  const paths = collectorPaths(config.dataDir);
  preparePrivateDirs(paths);
  const logger = collectorLogger(paths.log, config.logLevel);
  const report = emptyReport();
  await drainInbox(
    {
      paths,
      target: { url: config.url, token: config.token ?? readToken(config.dataDir), timeoutMs: 10_000 },
      now: () => new Date(),
      logger,
      readContext: cachedGitContext(),
      retryNow: true,
    },
    report,
  );
  const waiting = { inbox: inboxCount(paths), spool: spoolCount(paths) };
  const left = waiting.inbox + waiting.spool > 0;
  return { report, waiting, setAsideInAll: rejectedCount(paths), rejectedDir: paths.rejected, exitCode: report.unreachable !== undefined && left ? 1 : 0 };
}

/** `kap sync [--json]`: prints the result (stdout) and sets the exit code. */
export async function syncCommand(config: Readonly<KapConfig>, options: { json?: boolean } = {}): Promise<void> {
  const result = await runSync(config);
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatSync(result, config.url));
  process.exitCode = result.exitCode;
}

/** The human-readable lines of a sync's result. */
export function formatSync({ report, waiting, setAsideInAll, rejectedDir }: SyncResult, url: string): string {
  const lines = [
    `shipped   ${report.shipped + report.spoolShipped} batches (${report.shipped} from the inbox, ${report.spoolShipped} from the spool)`,
    `spooled   ${report.spooled}`,
    `set aside ${report.setAside} now, ${setAsideInAll} in all, under ${rejectedDir}`,
    `waiting   ${waiting.inbox} inbox entries, ${waiting.spool} spooled batches`,
  ];
  if (report.failedAttempts > 0) lines.push(`the ingest failed on ${report.failedAttempts} batches; they are retried later, then set aside`);
  if (report.unreachable !== undefined) lines.push(`the ingest at ${url} could not be reached: ${report.unreachable}`);
  return `${lines.join('\n')}\n`;
}
