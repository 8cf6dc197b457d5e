/**
 * `kap hook`: always exits 0, within its deadline, with nothing on stdout (Claude Code reads a hook's
 * stdout). Problems go to `<dataDir>/collector/collector.log`.
 *   kap hook            read a hook payload on stdin, ship it and whatever else waits
 *   kap hook --drain    the drainer Kap's hook command starts (collector/drainer.ts)
 */
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import type { KapConfig } from '../config/kapConfig.js';
import { collectorPaths } from '../collector/collectorState.js';
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
  try {
    const c = config();
    const paths = collectorPaths(c.dataDir);
    mkdirSync(paths.root, { recursive: true });
    logPath = paths.log;
    const logger = pino({ level: c.logLevel }, pino.destination({ dest: paths.log, sync: true, mkdir: true }));
    const options = {
      paths,
      target: { url: c.url, token: c.token ?? readToken(c.dataDir), timeoutMs: 5_000 },
      now: () => new Date(),
      logger,
      readContext: cachedGitContext(),
    };
    if (flags.drain) {
      logger.debug(await runDrainer({ ...options, maxRunMs: DEADLINE_MS }), 'kap hook --drain done');
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
