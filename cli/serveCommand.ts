/**
 * `kap serve`: runs Kap in this process until SIGINT / SIGTERM, which drain and stop it. When Kap cannot
 * start (`KapStartError`: the port is taken …) it says why on stderr and exits 1 at once, without a stack.
 * It points the hooks' launcher at itself (collector/launcher.ts), so a Kap that moved is found again.
 */
import { pino } from 'pino';
import type { KapConfig } from '../config/kapConfig.js';
import { writeLauncher } from '../collector/launcher.js';
import { tokenPath } from '../ingest/token.js';
import { KapStartError, startKap } from './startKap.js';
import { VisibilityRulesError } from '../access/visibilityPolicy.js';

export async function serveCommand(config: Readonly<KapConfig>): Promise<void> {
  const logger = pino({ level: config.logLevel });
  let kap: Awaited<ReturnType<typeof startKap>>;
  try {
    kap = await startKap(config, logger, { drainLocalInbox: true });
  } catch (error) {
    if (!(error instanceof KapStartError) && !(error instanceof VisibilityRulesError)) throw error;
    process.stderr.write(`kap: ${error.message}\n`);
    process.exit(1);
  }
  try {
    writeLauncher(config.dataDir);
  } catch (error) {
    logger.warn({ err: error }, "could not point Kap's hooks at this Kap (collector/launcher)");
  }
  const store = config.kurrentdbUrl ? `KurrentDB (${config.kurrentdbUrl.replace(/\/\/[^@/]*@/, '//***@')})` : `embedded SQLite in ${config.dataDir}`;
  process.stderr.write(
    [
      `Kap (${config.roles.join(', ')}) is listening on ${kap.url}`,
      `  store:  ${store}`,
      `  jobs:   ${config.redisUrl ? 'BullMQ on Redis' : 'in-process'}`,
      `  token:  ${kap.token}   (also in ${tokenPath(config.dataDir)})`,
      `  slack:  ${config.slack ? (config.slack.appToken ? 'Socket Mode' : `events at ${config.publicUrl ?? kap.url}/slack/events`) : 'off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; `kap slack manifest` makes the app)'}`,
      `  access: ${config.slack ? `default ${config.access.defaultVisibility}${config.access.rulesFile ? `, rules in ${config.access.rulesFile}` : ''}; web sign-in ${config.slack.clientId ? 'with Slack' : 'off (set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)'}` : 'no Slack: you own every session; pages open on 127.0.0.1'}`,
      `  agents: ${config.agentHost ? `hosting ${Object.keys(config.agentHost.repos).join(', ')}` : 'off (set KAP_AGENT_REPOS to host Claude Code sessions)'}`,
      `  record Claude Code sessions:  kap hooks install --user`,
      ...(() => {
        const health = kap.health();
        return health.ok ? [] : ['', `  DEGRADED (also on ${kap.url}/healthz):`, ...health.problems.map((p) => `    ${p.code}: ${p.message}`)];
      })(),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await kap.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
