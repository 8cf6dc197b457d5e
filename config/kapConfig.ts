/**
 * Kap's configuration, read once from the environment at the composition root, validated with zod and
 * frozen. Nothing below the root reads `process.env`.
 *
 * zod is loaded only when a variable needs it: loading it costs ~50 ms, which every `kap` command (an
 * import, a hook) would pay before its first step. An environment whose Kap variables are all among those
 * `quickEnv` checks by hand (data dir, host, port, token, log level, role and the like: what a client sets)
 * skips it; the hand checks accept only what the schema accepts, with the schema's defaults, and anything
 * else goes to the schema, whose verdict and messages stand.
 */
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as Zod from 'zod';
import { VISIBILITIES } from '../access/visibility.js';
import type { Visibility } from '../access/visibility.js';

export const DEFAULT_PORT = 7878;

/** The roles one process can play (`kap serve --role`); `all` is the embedded default: every role. */
export const ROLES = ['all', 'ingest', 'projections', 'workers', 'bot'] as const;
export type Role = (typeof ROLES)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The schema's defaults, shared with the hand checks. */
const DEFAULTS = {
  KAP_HOST: '127.0.0.1',
  KAP_PORT: DEFAULT_PORT,
  KAP_LOG_LEVEL: 'info',
  KAP_BODY_LIMIT_MB: 32,
  KAP_ROLE: 'all',
  KAP_LINK_TTL_DAYS: 30,
  KAP_IDLE_AFTER_S: 300,
  KAP_RECAP_MODEL: 'claude-sonnet-5-5',
  KAP_AGENT_DEFAULT_BRANCH: 'main',
  KAP_AGENT_ALLOWED_TOOLS: 'Read,Grep,Glob,Edit,Write,TodoWrite,Agent',
  KAP_AGENT_PERMISSION_MODE: 'default',
  KAP_AGENT_PERMISSION_TIMEOUT_S: 300,
  KAP_DEFAULT_VISIBILITY: 'channel',
  KAP_WEB_SESSION_DAYS: 7,
} as const;

/** The environment schema, built on first use (see the module comment). */
const envSchema = (z: typeof Zod.z) => z.object({
  KAP_DATA_DIR: z.string().min(1).optional(),
  KAP_HOST: z.string().min(1).default(DEFAULTS.KAP_HOST),
  KAP_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULTS.KAP_PORT),
  KAP_URL: z.url({ message: 'KAP_URL must be a URL such as http://127.0.0.1:7878' }).optional(),
  KAP_TOKEN: z.string().min(16, 'KAP_TOKEN must be the token `kap serve` prints (at least 16 characters)').optional(),
  KURRENTDB_URL: z
    .string()
    .regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'KURRENTDB_URL must be a KurrentDB connection string such as kurrentdb://127.0.0.1:2113?tls=false')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379').optional(),
  KAP_SEARCH_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'KAP_SEARCH_URL must be a PostgreSQL URL such as postgres://kap@127.0.0.1:5432/kap (unset: SQLite FTS5 in the data dir)')
    .optional(),
  KAP_LOG_LEVEL: z.enum(LOG_LEVELS).default(DEFAULTS.KAP_LOG_LEVEL),
  KAP_BODY_LIMIT_MB: z.coerce.number().positive().max(512).default(DEFAULTS.KAP_BODY_LIMIT_MB),
  KAP_ROLE: z
    .string()
    .default(DEFAULTS.KAP_ROLE)
    .transform((text) => text.split(',').map((r) => r.trim()))
    .pipe(z.array(z.enum(ROLES, { message: `KAP_ROLE must be one or more of ${ROLES.join(', ')} (comma-separated)` })).min(1)),
  KAP_PUBLIC_URL: z.url({ message: 'KAP_PUBLIC_URL must be the https URL Slack users reach Kap at, e.g. https://kap.example.com' }).optional(),
  KAP_LINK_SECRET: z.string().min(32, 'KAP_LINK_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  KAP_LINK_TTL_DAYS: z.coerce.number().positive().max(3650).default(DEFAULTS.KAP_LINK_TTL_DAYS),
  KAP_IDLE_AFTER_S: z.coerce.number().positive().max(86_400).default(DEFAULTS.KAP_IDLE_AFTER_S),
  KAP_AUTO_RECAP_AFTER_S: z.coerce.number().positive().max(7 * 86_400).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be the bot token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write, for Socket Mode').optional(),
  SLACK_API_URL: z.url().optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ message: 'ANTHROPIC_BASE_URL must be a URL such as https://api.anthropic.com' }).optional(),
  KAP_RECAP_MODEL: z.string().min(1).default(DEFAULTS.KAP_RECAP_MODEL),
  KAP_AGENT_REPOS: z
    .string()
    .regex(/^\s*[\w.-]+=[^,]+(\s*,\s*[\w.-]+=[^,]+)*\s*$/, 'KAP_AGENT_REPOS must list name=path-or-clone-URL pairs, comma-separated, e.g. web=/srv/git/web.git,api=git@github.com:acme/api.git')
    .optional(),
  KAP_AGENT_DIR: z.string().min(1).optional(),
  KAP_AGENT_DEFAULT_BRANCH: z.string().min(1).default(DEFAULTS.KAP_AGENT_DEFAULT_BRANCH),
  KAP_AGENT_ALLOWED_TOOLS: z.string().default(DEFAULTS.KAP_AGENT_ALLOWED_TOOLS),
  KAP_AGENT_PERMISSION_MODE: z.enum(['default', 'acceptEdits', 'plan']).default(DEFAULTS.KAP_AGENT_PERMISSION_MODE),
  KAP_AGENT_PERMISSION_TIMEOUT_S: z.coerce.number().positive().max(86_400).default(DEFAULTS.KAP_AGENT_PERMISSION_TIMEOUT_S),
  KAP_CLAUDE_PATH: z.string().min(1).optional(),
  KAP_DEFAULT_VISIBILITY: z.enum(VISIBILITIES, { message: `KAP_DEFAULT_VISIBILITY must be one of ${VISIBILITIES.join(', ')}` }).default(DEFAULTS.KAP_DEFAULT_VISIBILITY),
  KAP_VISIBILITY_RULES: z.string().min(1).optional(),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  KAP_WEB_SESSION_DAYS: z.coerce.number().positive().max(365).default(DEFAULTS.KAP_WEB_SESSION_DAYS),
  KAP_DIGEST_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'KAP_DIGEST_CHANNEL must be a Slack channel id such as C0123ABCDEF (in Slack: the channel\'s name → About, at the bottom), with Kap invited to it')
    .optional(),
});

type Env = Zod.infer<ReturnType<typeof envSchema>>;

/** Every variable the schema reads (a unit test holds this list to the schema's keys). */
export const ENV_KEYS = [
  'KAP_DATA_DIR', 'KAP_HOST', 'KAP_PORT', 'KAP_URL', 'KAP_TOKEN', 'KURRENTDB_URL', 'REDIS_URL', 'KAP_SEARCH_URL', 'KAP_LOG_LEVEL',
  'KAP_BODY_LIMIT_MB', 'KAP_ROLE', 'KAP_PUBLIC_URL', 'KAP_LINK_SECRET', 'KAP_LINK_TTL_DAYS', 'KAP_IDLE_AFTER_S', 'KAP_AUTO_RECAP_AFTER_S',
  'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL', 'KAP_RECAP_MODEL', 'KAP_AGENT_REPOS', 'KAP_AGENT_DIR', 'KAP_AGENT_DEFAULT_BRANCH',
  'KAP_AGENT_ALLOWED_TOOLS', 'KAP_AGENT_PERMISSION_MODE', 'KAP_AGENT_PERMISSION_TIMEOUT_S', 'KAP_CLAUDE_PATH',
  'KAP_DEFAULT_VISIBILITY', 'KAP_VISIBILITY_RULES', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'KAP_WEB_SESSION_DAYS',
  'KAP_DIGEST_CHANNEL',
] as const;

/** Hand checks: each accepts a (non-empty) value only if the schema does, and gives the schema's value. */
const QUICK: Partial<Record<(typeof ENV_KEYS)[number], (value: string) => { value: unknown } | undefined>> = {
  KAP_DATA_DIR: (value) => ({ value }),
  KAP_HOST: (value) => ({ value }),
  KAP_PORT: (value) => (/^[0-9]{1,5}$/.test(value) && Number(value) <= 65535 ? { value: Number(value) } : undefined),
  KAP_TOKEN: (value) => (value.length >= 16 ? { value } : undefined),
  // Every hook's environment sets KAP_URL: plain http(s) URLs pass by hand (the drainer then loads no zod); the schema decides the rest.
  KAP_URL: (value) => (/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.test(value) && URL.canParse(value) ? { value } : undefined),
  KAP_LOG_LEVEL: (value) => ((LOG_LEVELS as readonly string[]).includes(value) ? { value } : undefined),
  KAP_ROLE: (value) => {
    const roles = value.split(',').map((r) => r.trim());
    return roles.every((r) => (ROLES as readonly string[]).includes(r)) ? { value: roles } : undefined;
  },
  SLACK_SIGNING_SECRET: (value) => ({ value }),
  ANTHROPIC_API_KEY: (value) => ({ value }),
  KAP_RECAP_MODEL: (value) => ({ value }),
  KAP_AGENT_DIR: (value) => ({ value }),
  KAP_AGENT_DEFAULT_BRANCH: (value) => ({ value }),
  KAP_AGENT_ALLOWED_TOOLS: (value) => ({ value }),
  KAP_CLAUDE_PATH: (value) => ({ value }),
};

/**
 * The parsed environment without zod, or undefined when a variable is set that the hand checks do not
 * cover or accept (then the schema decides). `env` holds no empty values.
 */
export function quickEnv(env: Record<string, string | undefined>): Env | undefined {
  const out: Record<string, unknown> = { ...DEFAULTS, KAP_ROLE: [DEFAULTS.KAP_ROLE] };
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined) continue;
    const checked = QUICK[key]?.(value);
    if (!checked) return undefined;
    out[key] = checked.value;
  }
  return out as Env;
}

/** The environment schema, zod loaded on first use. */
export function loadEnvSchema(): ReturnType<typeof envSchema> {
  const { z } = createRequire(import.meta.url)('zod') as typeof Zod;
  return envSchema(z);
}

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
  /** Sign in with Slack (OpenID Connect) on the web pages: the app's client id and secret ("Basic Information"). */
  clientId: string | undefined;
  clientSecret: string | undefined;
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
  /** PostgreSQL URL of the search index (`KAP_SEARCH_URL`); absent means SQLite FTS5 in `readmodels.db`. */
  searchUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
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
  /** Who may see what (access/): the default visibility and the per-repository rules file. */
  access: { defaultVisibility: Visibility; rulesFile: string | undefined };
  /** How long a web sign-in lasts, in ms. */
  webSessionTtlMs: number;
  /** The Slack channel id the weekly usage digest is posted to (`KAP_DIGEST_CHANNEL`); undefined: no digest. */
  digestChannel: string | undefined;
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

/** The variables the collector (`kap hook`, run by Claude Code's hooks) reads; see `loadCollectorConfig`. */
export const COLLECTOR_ENV_KEYS = ['KAP_DATA_DIR', 'KAP_URL', 'KAP_PORT', 'KAP_TOKEN', 'KAP_LOG_LEVEL'] as const;

/**
 * The configuration as the collector sees it: only COLLECTOR_ENV_KEYS are read. A hook inherits the user's whole
 * environment (ANTHROPIC_BASE_URL, a half-set Slack variable…): none of the server's variables may stop capture,
 * and checking them would load zod in every drainer. Throws `ConfigError` for a bad collector variable.
 */
export function loadCollectorConfig(env: Record<string, string | undefined>): Readonly<KapConfig> {
  return loadConfig(Object.fromEntries(COLLECTOR_ENV_KEYS.map((key) => [key, env[key]])));
}

/** Reads and validates the configuration. Throws `ConfigError` naming each variable to fix. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<KapConfig> {
  // An empty variable is an unset one (docker-compose's `${VAR:-}` passes empty strings).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const quick = quickEnv(set);
  const parsed = quick ? { success: true as const, data: quick } : loadEnvSchema().safeParse(set);
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
  if (bot && e.SLACK_BOT_TOKEN && (e.SLACK_CLIENT_ID === undefined) !== (e.SLACK_CLIENT_SECRET === undefined)) {
    problems.push('  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: Sign in with Slack needs both (Slack app → Basic Information → App Credentials)');
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
    searchUrl: e.KAP_SEARCH_URL,
    logLevel: e.KAP_LOG_LEVEL,
    bodyLimitBytes: Math.round(e.KAP_BODY_LIMIT_MB * 1024 * 1024),
    roles: Object.freeze([...e.KAP_ROLE]),
    publicUrl: e.KAP_PUBLIC_URL?.replace(/\/+$/, ''),
    linkSecret: e.KAP_LINK_SECRET,
    linkTtlMs: Math.round(e.KAP_LINK_TTL_DAYS * 86_400_000),
    idleAfterMs: Math.round(e.KAP_IDLE_AFTER_S * 1000),
    autoRecapAfterMs: e.KAP_AUTO_RECAP_AFTER_S === undefined ? undefined : Math.round(e.KAP_AUTO_RECAP_AFTER_S * 1000),
    slack: e.SLACK_BOT_TOKEN
      ? Object.freeze({
          signingSecret: e.SLACK_SIGNING_SECRET,
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL,
          clientId: e.SLACK_CLIENT_ID,
          clientSecret: e.SLACK_CLIENT_SECRET,
        })
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
    access: Object.freeze({ defaultVisibility: e.KAP_DEFAULT_VISIBILITY, rulesFile: e.KAP_VISIBILITY_RULES }),
    webSessionTtlMs: Math.round(e.KAP_WEB_SESSION_DAYS * 86_400_000),
    digestChannel: e.KAP_DIGEST_CHANNEL,
    recapModel: e.ANTHROPIC_API_KEY ? Object.freeze({ apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.KAP_RECAP_MODEL }) : undefined,
  });
}
