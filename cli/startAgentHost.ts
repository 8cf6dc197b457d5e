/**
 * The agent host's parts, for the roles that need them: the hosted-session registry and the signals between
 * bot and workers (Redis when REDIS_URL is set, else in-process / embedded SQLite), and, in the workers role,
 * the `prompts` job handler running turns with the Claude Code CLI (KAP_CLAUDE_PATH, default the `claude`
 * npm installed with Kap) in worktrees under KAP_AGENT_DIR, with Kap's own hooks installed so hosted
 * sessions are captured like any other.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createClaudeCliRunner } from '../agents/claudeCliRunner.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { AgentHostConfig, KapConfig } from '../config/kapConfig.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { openAgentSignals } from '../hosting/openAgentSignals.js';
import type { JobQueue } from '../jobs/jobQueue.js';
import type { EventStore } from '../stores/eventStore.js';
import type { HostedSessionStore } from '../stores/hostedSessions.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteHostedSessions } from '../stores/sqliteHostedSessions.js';
import type { SessionGate } from '../access/sessionGate.js';
import type { ResponseUrls } from '../bot/responseUrl.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { hostJobHandler, PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import { collectorCommand } from './hooksCommand.js';

export interface Hosting {
  hosted: HostedSessionStore;
  signals: AgentSignals;
  close(): Promise<void>;
}

export async function openHosting(config: Readonly<KapConfig>): Promise<Hosting> {
  const hosted = config.redisUrl
    ? (await import('../stores/redisHostedSessions.js')).createRedisHostedSessions({ url: config.redisUrl })
    : createSqliteHostedSessions({ path: join(config.dataDir, 'readmodels.db') });
  const signals = await openAgentSignals(config);
  return {
    hosted,
    signals,
    async close() {
      await signals.close();
      await hosted.close();
    },
  };
}

export interface AgentWorkerDeps {
  host: AgentHostConfig;
  hosting: Hosting;
  jobs: JobQueue;
  store: EventStore;
  readModel: SessionReadModel;
  slack: SlackApi;
  signer: LinkSigner;
  /** Who may see what (the thread's card). */
  gate: SessionGate;
  /** Answers through a slash command's response_url when Kap may not post in the channel. */
  responseUrls: ResponseUrls;
  /** The ingest hosted sessions' hooks post to, and its token. */
  kapUrl: () => string;
  token: string;
  now: () => Date;
  onFailed: (jobId: string, error: Error) => void;
}

/** Runs hosted-session jobs in this process. */
export async function startAgentWorker(deps: AgentWorkerDeps): Promise<void> {
  const { host } = deps;
  const claudeHome = join(host.dir, 'home');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: claudeHome,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    ...(host.anthropicApiKey ? { ANTHROPIC_API_KEY: host.anthropicApiKey } : {}),
    ...(host.anthropicBaseUrl ? { ANTHROPIC_BASE_URL: host.anthropicBaseUrl } : {}),
  };
  const runner = createClaudeCliRunner({ claudePath: host.claudePath ?? bundledClaude(), env });
  await deps.jobs.process(
    PROMPTS_QUEUE,
    hostJobHandler({
      store: deps.store,
      readModel: deps.readModel,
      hosted: deps.hosting.hosted,
      signals: deps.hosting.signals,
      runner,
      slack: deps.slack,
      signer: deps.signer,
      gate: deps.gate,
      responseUrls: deps.responseUrls,
      host,
      claudeHome,
      hookCommand: collectorCommand(),
      hookEnv: () => ({ KAP_URL: deps.kapUrl(), KAP_TOKEN: deps.token, KAP_DATA_DIR: join(host.dir, 'collector') }),
      now: deps.now,
    }),
    { concurrency: 4, onFailed: (job, error) => deps.onFailed(job.id, error) },
  );
}

/** The `claude` binary of the `@anthropic-ai/claude-code` package Kap depends on. */
function bundledClaude(): string {
  const pkg = createRequire(import.meta.url).resolve('@anthropic-ai/claude-code/package.json');
  return join(dirname(pkg), 'bin', 'claude.exe');
}
