/**
 * The collector's log: pino, on `<dataDir>/collector/collector.log` (0600), created on the first line written at
 * an enabled level. A drain that has nothing to report (the usual case) never loads pino: the drainer starts once
 * per burst of hook events, and every module it loads is CPU taken from the agent (`npm run bench -- overhead`).
 * When the file cannot be opened, the line goes nowhere and shipping goes on (a note on stderr, which Claude Code
 * does not read as a decision).
 */
import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { Logger } from 'pino';

/** What the collector logs with; a pino Logger is one. */
export type CollectorLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error' | 'fatal'>;

/** pino's level numbers (https://getpino.io/#/docs/api?id=levels). */
const LEVELS = new Map<string, number>([['trace', 10], ['debug', 20], ['info', 30], ['warn', 40], ['error', 50], ['fatal', 60], ['silent', Infinity]]);

/** A logger at `level` (pino's names; unknown: `info`) writing to `path`, loading pino only when first needed. */
export function collectorLogger(path: string, level: string): CollectorLogger {
  const threshold = LEVELS.get(level) ?? 30;
  let logger: Logger | undefined;
  const open = (): Logger | undefined => {
    if (logger) return logger;
    const pino = createRequire(import.meta.url)('pino') as typeof Pino;
    try {
      logger = pino.pino({ level }, pino.destination({ dest: path, sync: true, mkdir: true, mode: 0o600 }));
    } catch (error) {
      process.stderr.write(`kap: cannot log to ${path}: ${(error as Error).message}\n`);
      logger = pino.pino({ level: 'silent' });
    }
    return logger;
  };
  const at = (name: 'debug' | 'info' | 'warn' | 'error' | 'fatal') =>
    ((...args: Parameters<Logger['info']>) => {
      if ((LEVELS.get(name) ?? 0) >= threshold) open()?.[name](...args);
    }) as Logger[typeof name];
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') };
}
