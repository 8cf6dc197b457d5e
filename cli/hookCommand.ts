/**
 * `kap hook`: always exits 0, within its deadline, with nothing on stdout (Claude Code reads a hook's
 * stdout), whatever happens (an uncaught error is logged, then the process exits 0). Problems go to
 * `<dataDir>/collector/collector.log` (0600; when it cannot be opened, to nowhere: shipping goes on).
 * The data dir and the collector's directories are made (or tightened to) 0700 first.
 *   kap hook            read a hook payload on stdin, ship it and whatever else waits
 *   kap hook --drain    the drainer Kap's hook command starts (collector/drainer.ts)
 */
import { spawn } from 'node:child_process';
import type { KapConfig } from '../config/kapConfig.js';
import type { CollectorLogger } from '../collector/collectorLog.js';
import { collectorLogger as fileLogger } from '../collector/collectorLog.js';
import type { CollectorPaths } from '../collector/collectorState.js';
import { collectorPaths, preparePrivateDirs } from '../collector/collectorState.js';
import { runDrainer } from '../collector/drainer.js';
import { runHook } from '../collector/drainInbox.js';
import { cachedGitContext } from '../collector/gitContext.js';
import { readToken } from '../ingest/token.js';

/** Milliseconds before the collector gives up. */
const DEADLINE_MS = 25_000;
const STDIN_LIMIT_BYTES = 16 * 1024 * 1024;

export interface HookFlags {
  drain?: boolean;
}

export async function hookCommand(config: () => Readonly<KapConfig>, flags: HookFlags = {}): Promise<void> {
  const observedAt = new Date();
  setTimeout(() => process.exit(0), DEADLINE_MS + 2_000).unref();
  let logPath: string | undefined;
  let logger: CollectorLogger | undefined;
  const exitQuietly = (error: unknown) => {
    try {
      logger?.fatal({ err: error }, 'kap hook: uncaught error');
    } finally {
      process.exit(0);
    }
  };
  process.on('uncaughtException', exitQuietly);
  process.on('unhandledRejection', exitQuietly);
  try {
    const c = config();
    const paths = collectorPaths(c.dataDir);
    logPath = paths.log;
    logger = collectorLogger(paths, c.logLevel);
    const options = {
      paths,
      target: { url: c.url, token: c.token ?? readToken(c.dataDir), timeoutMs: 5_000 },
      now: () => new Date(),
      logger,
      readContext: cachedGitContext(),
    };
    if (flags.drain) {
      logger.debug(await runDrainer({ ...options, maxRunMs: DEADLINE_MS, handOver: startSuccessor }), 'kap hook --drain done');
    } else {
      const stdin = await readStdin(STDIN_LIMIT_BYTES, 5_000);
      logger.debug(await runHook({ ...options, stdin, observedAt }), 'kap hook done');
    }
  } catch (error) {
    // Even a bad configuration must not disturb the agent: note it where a person can find it.
    process.stderr.write(`kap hook: ${(error as Error).message}${logPath ? ` (log: ${logPath})` : ''}\n`);
  }
  process.exit(0);
}

/**
 * The collector's logger, on its 0600 log file, after making the collector's directories private. If either
 * fails (a read-only or foreign-owned data dir), a silent logger: the hook still ships, and says nothing.
 */
function collectorLogger(paths: CollectorPaths, level: string): CollectorLogger {
  try {
    preparePrivateDirs(paths);
  } catch (error) {
    process.stderr.write(`kap hook: cannot make ${paths.root} private: ${(error as Error).message}\n`);
  }
  return fileLogger(paths.log, level);
}

/**
 * A drainer to take over from this one (collector/drainer.ts `handOver`): the same `kap hook --drain`, in a
 * session of its own (`detached`: setsid), nothing on its stdio. Returns its pid, or undefined when it could not start.
 */
function startSuccessor(): number | undefined {
  try {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'hook', '--drain'], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return child.pid;
  } catch {
    return undefined;
  }
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
