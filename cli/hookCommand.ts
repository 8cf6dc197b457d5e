/**
 * `kap hook`: always exits 0, within its deadline, with nothing on stdout (Claude Code reads a hook's
 * stdout). Problems go to `<dataDir>/collector/collector.log`.
 *   kap hook                  read the payload, ship it (and whatever waits) under the session lock
 *   kap hook --detach         read the payload, start a detached `kap hook --drain <session>`, exit at once
 *   kap hook --drain <id>     ship whatever waits for that session
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { KapConfig } from '../config/kapConfig.js';
import { collectorPaths } from '../collector/collectorState.js';
import { readGitContext } from '../collector/gitContext.js';
import { drainSession, runHook } from '../collector/runHook.js';
import type { HookRunReport } from '../collector/runHook.js';
import { readToken } from '../ingest/token.js';

/** Milliseconds before the collector gives up; Kap installs its hook with a 30 s timeout. */
const DEADLINE_MS = 25_000;
const STDIN_LIMIT_BYTES = 16 * 1024 * 1024;

export interface HookFlags {
  detach?: boolean;
  drain?: string;
}

export async function hookCommand(config: () => Readonly<KapConfig>, flags: HookFlags = {}): Promise<void> {
  const observedAt = hookFiredAt(process.env.KAP_HOOK_AT) ?? new Date();
  setTimeout(() => process.exit(0), DEADLINE_MS).unref();
  let logPath: string | undefined;
  try {
    const c = config();
    const paths = collectorPaths(c.dataDir);
    mkdirSync(paths.root, { recursive: true });
    logPath = paths.log;
    const logger = pino({ level: c.logLevel }, pino.destination({ dest: paths.log, sync: true, mkdir: true }));
    const common = {
      paths,
      target: { url: c.url, token: c.token ?? readToken(c.dataDir), timeoutMs: 5_000 },
      now: () => new Date(),
      logger,
      readContext: readGitContext,
    };
    if (flags.drain) {
      const report: HookRunReport = { shipped: 0, spooled: 0, setAside: 0, spoolShipped: 0 };
      await drainSession(common, report, flags.drain);
      logger.debug(report, 'kap hook --drain done');
    } else {
      const stdin = await readStdin(STDIN_LIMIT_BYTES, 5_000);
      logger.debug({ bytes: stdin.length, event: /"hook_event_name"\s*:\s*"([^"]*)"/.exec(stdin)?.[1] }, 'kap hook read its payload');
      const report = await runHook({ ...common, stdin, observedAt, ...(flags.detach ? { detach: spawnDrainer } : {}) });
      logger.debug(report, 'kap hook done');
    }
  } catch (error) {
    // Even a bad configuration must not disturb the agent: note it where a person can find it.
    process.stderr.write(`kap hook: ${(error as Error).message}${logPath ? ` (log: ${logPath})` : ''}\n`);
  }
  process.exit(0);
}

/** Starts `kap hook --drain <sessionId>` in a session of its own, outliving this process and Claude Code. */
function spawnDrainer(sessionId: string): void {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  spawn(process.execPath, [main, 'hook', '--drain', sessionId], { detached: true, stdio: 'ignore', env: process.env }).unref();
}

/**
 * The time Kap's hook command took in the shell before node started (`KAP_HOOK_AT`, nanoseconds since the
 * epoch from `date +%s%N`): hooks fire milliseconds apart and node's start-up jitter would reorder them.
 */
function hookFiredAt(value: string | undefined): Date | undefined {
  if (!value || !/^\d{16,20}$/.test(value)) return undefined;
  return new Date(Number(BigInt(value) / 1_000_000n));
}

function readStdin(limit: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    const timer = setTimeout(done, timeoutMs);
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    process.stdin.on('end', () => {
      clearTimeout(timer);
      done();
    });
    process.stdin.on('error', () => {
      clearTimeout(timer);
      done();
    });
  });
}
