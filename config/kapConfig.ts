/**
 * Kap's configuration, read once from the environment at the composition root, validated with zod and
 * frozen. Nothing below the root reads `process.env`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const DEFAULT_PORT = 7878;

/** The roles one process can play (`kap serve --role`); `all` is the embedded default: every role. */
export const ROLES = ['all', 'ingest', 'projections', 'workers', 'bot'] as const;
export type Role = (typeof ROLES)[number];

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
  KAP_ROLE: z
    .string()
    .default('all')
    .transform((text) => text.split(',').map((r) => r.trim()))
    .pipe(z.array(z.enum(ROLES, { message: `KAP_ROLE must be one or more of ${ROLES.join(', ')} (comma-separated)` })).min(1)),
  KAP_PUBLIC_URL: z.url({ message: 'KAP_PUBLIC_URL must be the https URL Slack users reach Kap at, e.g. https://kap.example.com' }).optional(),
  KAP_LINK_SECRET: z.string().min(32, 'KAP_LINK_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  KAP_LINK_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  KAP_IDLE_AFTER_S: z.coerce.number().positive().max(86_400).default(300),
  KAP_AUTO_RECAP_AFTER_S: z.coerce.number().positive().max(7 * 86_400).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be the bot token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write, for Socket Mode').optional(),
  SLACK_API_URL: z.url().optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ message: 'ANTHROPIC_BASE_URL must be a URL such as https://api.anthropic.com' }).optional(),
  KAP_RECAP_MODEL: z.string().min(1).default('claude-sonnet-5-5'),
  KAP_AGENT_REPOS: z
    .string()
    .regex(/^\s*[\w.-]+=[^,]+(\s*,\s*[\w.-]+=[^,]+)*\s*$/, 'KAP_AGENT_REPOS must list name=path-or-clone-URL pairs, comma-separated, e.g. web=/srv/git/web.git,api=git@github.com:acme/api.git')
    .optional(),
  KAP_AGENT_DIR: z.string().min(1).optional(),
  KAP_AGENT_DEFAULT_BRANCH: z.string().min(1).default('main'),
  KAP_AGENT_ALLOWED_TOOLS: z.string().default('Read,Grep,Glob,Edit,Write,TodoWrite,Agent'),
  KAP_AGENT_PERMISSION_MODE: z.enum(['default', 'acceptEdits', 'plan']).default('default'),
  KAP_AGENT_PERMISSION_TIMEOUT_S: z.coerce.number().positive().max(86_400).default(300),
  KAP_CLAUDE_PATH: z.string().min(1).optional(),
});

export interface AgentHostConfig {
  /** Repository name → local path or clone URL. */
  repos: Readonly<Record<string, string>>;
  /** Clones, worktrees and the hosted agents' HOME. Default `<dataDir>/agents`. */
  dir: string;
  /** Branch of a hosted session started without one. */
  defaultBranch: string;
  /** Tools the agent may use without asking (Claude Code's `--allowedTools` syntax). */
  allowedTools: readonly string[];
  permissionMode: 'default' | 'acceptEdits' | 'plan';
  /** How long a permission request waits for an answer in Slack before it is denied, in ms. */
  permissionTimeoutMs: number;
  /** The `claude` binary; default the one npm installed with Kap. */
  claudePath: string | undefined;
  /** The Messages API the agents call (ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL), passed to `claude`. */
  anthropicApiKey: string | undefined;
  anthropicBaseUrl: string | undefined;
}

export interface SlackConfig {
  /** Verifies request signatures (HTTP mode); from the app's "Basic Information" page. */
  signingSecret: string | undefined;
  botToken: string;
  /** Socket Mode when set: no public host needed. */
  appToken: string | undefined;
  /** Web API base URL; tests point it at a local stand-in. Default Slack's. */
  apiUrl: string | undefined;
}

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
  /** The roles this process plays; `['all']` by default. */
  roles: readonly Role[];
  /** Base URL of session links and card images as people reach them; undefined: no public host. */
  publicUrl: string | undefined;
  /** HMAC key for signed session links and card URLs; else a key file in `dataDir`. */
  linkSecret: string | undefined;
  /** How long a signed session link opens its page, in ms. */
  linkTtlMs: number;
  /** A running session with no activity for this long becomes idle, in ms. */
  idleAfterMs: number;
  /** A shared session idle this long (or ended) gets its recap in its thread, in ms; undefined: off. */
  autoRecapAfterMs: number | undefined;
  /** Slack, when a bot token is set; undefined: no Slack app. */
  slack: SlackConfig | undefined;
  /** The agent host, when repositories are configured (`KAP_AGENT_REPOS`); undefined: no hosted agents. */
  agentHost: AgentHostConfig | undefined;
  /** The model that writes recaps; undefined (no ANTHROPIC_API_KEY): rule-based recaps. */
  recapModel: { apiKey: string; baseUrl: string | undefined; model: string } | undefined;
}

/** Whether this process plays `role` (`all` plays every role). */
export function playsRole(config: Pick<KapConfig, 'roles'>, role: Exclude<Role, 'all'>): boolean {
  return config.roles.includes('all') || config.roles.includes(role);
}

export class ConfigError extends Error {
  readonly code = 'KAP_CONFIG_INVALID';
}

/** Reads and validates the configuration. Throws `ConfigError` naming each variable to fix. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<KapConfig> {
  // An empty variable is an unset one (docker-compose's `${VAR:-}` passes empty strings).
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Kap's configuration is invalid; set these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const split = !e.KAP_ROLE.includes('all');
  const problems: string[] = [];
  if (split && !e.REDIS_URL) problems.push('  REDIS_URL: roles in separate processes share jobs and read models through Redis; set REDIS_URL (e.g. redis://redis:6379)');
  if (split && !e.KAP_LINK_SECRET) problems.push('  KAP_LINK_SECRET: roles in separate processes must sign and check links with one key; set it to the same random value everywhere');
  const bot = e.KAP_ROLE.includes('all') || e.KAP_ROLE.includes('bot');
  if (bot && e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('  SLACK_SIGNING_SECRET: set it (Slack app → Basic Information → Signing Secret), or SLACK_APP_TOKEN for Socket Mode');
  }
  if (problems.length > 0) throw new ConfigError(`Kap's configuration is invalid; set these environment variables:\n${problems.join('\n')}`);
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
    roles: Object.freeze([...e.KAP_ROLE]),
    publicUrl: e.KAP_PUBLIC_URL?.replace(/\/+$/, ''),
    linkSecret: e.KAP_LINK_SECRET,
    linkTtlMs: Math.round(e.KAP_LINK_TTL_DAYS * 86_400_000),
    idleAfterMs: Math.round(e.KAP_IDLE_AFTER_S * 1000),
    autoRecapAfterMs: e.KAP_AUTO_RECAP_AFTER_S === undefined ? undefined : Math.round(e.KAP_AUTO_RECAP_AFTER_S * 1000),
    slack: e.SLACK_BOT_TOKEN
      ? Object.freeze({ signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL })
      : undefined,
    agentHost: e.KAP_AGENT_REPOS
      ? Object.freeze({
          repos: Object.freeze(
            Object.fromEntries(
              e.KAP_AGENT_REPOS.split(',').map((pair) => {
                const at = pair.indexOf('=');
                return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
              }),
            ),
          ),
          dir: e.KAP_AGENT_DIR ?? join(e.KAP_DATA_DIR ?? join(homedir(), '.kap'), 'agents'),
          defaultBranch: e.KAP_AGENT_DEFAULT_BRANCH,
          allowedTools: Object.freeze(e.KAP_AGENT_ALLOWED_TOOLS.split(',').map((t) => t.trim()).filter(Boolean)),
          permissionMode: e.KAP_AGENT_PERMISSION_MODE,
          permissionTimeoutMs: Math.round(e.KAP_AGENT_PERMISSION_TIMEOUT_S * 1000),
          claudePath: e.KAP_CLAUDE_PATH,
          anthropicApiKey: e.ANTHROPIC_API_KEY,
          anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
        })
      : undefined,
    recapModel: e.ANTHROPIC_API_KEY ? Object.freeze({ apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.KAP_RECAP_MODEL }) : undefined,
  });
}
