/**
 * Kap's configuration, read once from the environment at the composition root, validated with zod and
 * frozen. Nothing below the root reads `process.env`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_PORT = 7878;

const Env = z.object({
  KAP_DATA_DIR: z.string().min(1).optional(),
  KAP_HOST: z.string().min(1).default('127.0.0.1'),
  KAP_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  KAP_URL: z.url({ message: 'KAP_URL must be a URL such as http://127.0.0.1:7878' }).optional(),
  KAP_TOKEN: z.string().min(16, 'KAP_TOKEN must be the token `kap serve` prints (at least 16 characters)').optional(),
  KURRENTDB_URL: z
    .string()
    .regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'KURRENTDB_URL must be a KurrentDB connection string such as kurrentdb://127.0.0.1:2113?tls=false')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379').optional(),
  KAP_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAP_BODY_LIMIT_MB: z.coerce.number().positive().max(512).default(32),
});

export interface KapConfig {
  /** Where the embedded store, the token, the collector's offsets and spool live. Default `~/.kap`. */
  dataDir: string;
  host: string;
  port: number;
  /** The ingest a client (collector, CLI) talks to. Default `http://127.0.0.1:<port>`. */
  url: string;
  /** Bearer token override; else the token file in `dataDir`. */
  token: string | undefined;
  /** KurrentDB connection string; absent means the embedded SQLite store. */
  kurrentdbUrl: string | undefined;
  /** Redis URL for read models; absent means the embedded SQLite read model. */
  redisUrl: string | undefined;
  logLevel: z.infer<typeof Env>['KAP_LOG_LEVEL'];
  /** Largest request body, in bytes. */
  bodyLimitBytes: number;
}

export class ConfigError extends Error {
  readonly code = 'KAP_CONFIG_INVALID';
}

/** Reads and validates the configuration. Throws `ConfigError` naming each variable to fix. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<KapConfig> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Kap's configuration is invalid; set these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    dataDir: e.KAP_DATA_DIR ?? join(homedir(), '.kap'),
    host: e.KAP_HOST,
    port: e.KAP_PORT,
    url: (e.KAP_URL ?? `http://127.0.0.1:${e.KAP_PORT}`).replace(/\/+$/, ''),
    token: e.KAP_TOKEN,
    kurrentdbUrl: e.KURRENTDB_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.KAP_LOG_LEVEL,
    bodyLimitBytes: Math.round(e.KAP_BODY_LIMIT_MB * 1024 * 1024),
  });
}
