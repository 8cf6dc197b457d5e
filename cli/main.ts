#!/usr/bin/env node
/**
 * The `kap` command. Each subcommand loads only what it needs, so `kap hook` (run for every Claude Code
 * hook event) starts fast. A plain `kap import [paths…] [--json]` (no other option, no path starting with
 * `-`) does not load commander either: what commander would call for it is called directly; nor does `kap hook`
 * (`--drain`), which Claude Code's hooks start.
 */
import { setPriority } from 'node:os';
import { loadCollectorConfig, loadConfig } from '../config/kapConfig.js';
import type { HookFlags } from './hookCommand.js';
import type { InstallFlags, Where } from './hooksCommand.js';

const config = () => loadConfig(process.env);
const fail = (error: Error & { code?: string }) => {
  process.stderr.write(`kap: ${error.message}\n`);
  process.exitCode = 1;
};

// A reader that stops early (`kap slack manifest | head -1`) closes the pipe: stop writing and exit quietly
// instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const [command, ...rest] = process.argv.slice(2);
if (command === 'import' && rest.every((arg) => !arg.startsWith('-') || arg === '--json')) {
  const paths = rest.filter((arg) => arg !== '--json');
  const json = rest.includes('--json');
  try {
    await (await import('./importCommand.js')).importCommand(config(), paths, json ? { json } : {});
  } catch (error) {
    fail(error as Error);
  }
} else if (command === 'hook' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--drain'))) {
  // Run for Claude Code's hooks: no commander. The drainer is background work that must never take CPU from the
  // agent it records (collector/hookCommandScript.ts), so it yields: nice 10 before it loads anything else.
  const drain = rest[0] === '--drain';
  if (drain) lowerPriority();
  await (await import('./hookCommand.js')).hookCommand(() => loadCollectorConfig(process.env), { drain });
} else if (command === 'approve' && rest.length === 0) {
  // Claude Code's PermissionRequest hook with --remote-approvals: waits for Slack, so no commander either.
  await (await import('./approveCommand.js')).approveCommand(process.env);
} else {
  await runCommander();
}

function lowerPriority(): void {
  try {
    setPriority(10);
  } catch {
    // not permitted here: run at the inherited priority
  }
}

async function runCommander(): Promise<void> {
  const { Command } = await import('commander');
  const { kapVersion } = await import('./kapVersion.js');
  const { parseLimitOption } = await import('./limitOption.js');
  const searchParsers = await import('./searchCommand.js');
  const program = new Command('kap').description('Kap: coding-agent sessions as event streams, in Slack').version(kapVersion()).showHelpAfterError();
  program
    .command('serve')
    .description('run Kap (embedded SQLite store and in-process jobs unless KURRENTDB_URL / REDIS_URL are set)')
    .option('--role <roles>', 'ingest | projections | workers | bot | all, or several comma-separated (default: KAP_ROLE or all)')
    .action(async (flags: { role?: string }) =>
      (await import('./serveCommand.js')).serveCommand(loadConfig({ ...process.env, ...(flags.role ? { KAP_ROLE: flags.role } : {}) })),
    );

  program
    .command('hook')
    .description('collector run by Claude Code hooks: reads a hook payload on stdin, ships it; prints nothing')
    .option('--drain', "ship what Kap's hook command queued (started by the hook command itself)")
    .action(async (flags: HookFlags) => (await import('./hookCommand.js')).hookCommand(config, flags));

  program
    .command('approve')
    .description('PermissionRequest hook run by Claude Code with --remote-approvals: asks in Slack, prints the decision or nothing')
    .action(async () => (await import('./approveCommand.js')).approveCommand(process.env));

  program
    .command('sync')
    .description("ship what the collector holds (inbox and spool) now; exit 1 if the ingest is unreachable and something is left")
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => (await import('./syncCommand.js')).syncCommand(config(), options));

  const hooks = program.command('hooks').description("install or remove Kap's Claude Code hooks");
  hooks
    .command('install')
    .description("merge Kap's hooks into Claude Code's settings.json")
    .option('--project', 'this project: ./.claude/settings.json')
    .option('--user', 'every project: ~/.claude/settings.json (default)')
    .option('--settings <file>', 'a settings.json path of your choosing')
    .option('--remote-approvals', 'also ask permission requests in Slack first (a synchronous PermissionRequest hook; KAP_APPROVAL_TIMEOUT_S, default 60)')
    .option('--mcp', "also register kap mcp (recall of earlier sessions) with Claude Code: ./.mcp.json with --project, else ~/.claude.json")
    .action(async (options: InstallFlags) => (await import('./hooksCommand.js')).hooksInstall(config(), options));
  hooks
    .command('uninstall')
    .description("remove only Kap's hooks (and its MCP server, if registered) from Claude Code's settings")
    .option('--project', 'this project: ./.claude/settings.json')
    .option('--user', 'every project: ~/.claude/settings.json (default)')
    .option('--settings <file>', 'a settings.json path of your choosing')
    .action(async (options: Where) => (await import('./hooksCommand.js')).hooksUninstall(options));

  program
    .command('doctor')
    .description('is capture working here? server, token, hooks, launcher, inbox, spool, set-aside items (exit 1 on a failure)')
    .option('--json', 'the checks as JSON')
    .action(async (flags: { json?: boolean }) => (await import('./doctorCommand.js')).doctorCommand(config(), flags));

  const projections = program.command('projections').description('projection maintenance');
  projections
    .command('rebuild')
    .description('recompute every session summary from the streams (stop `kap serve` first)')
    .action(async () => (await import('./projectionsCommand.js')).rebuildCommand(config()));
  projections
    .command('errors')
    .description('events a projection could not fold and skipped, newest first')
    .action(async () => (await import('./projectionsCommand.js')).projectionErrorsCommand(config()));

  program
    .command('recap')
    .description("a session's recap: Goal, Done, Current state, Next (markdown)")
    .argument('<sessionId>')
    .action(async (sessionId: string) => (await import('./recapCommand.js')).recapCommand(config(), sessionId));

  program
    .command('eval')
    .description("a session's evaluation: 13 questions on safety, plan adherence, quality and efficiency (model, or rules without ANTHROPIC_API_KEY)")
    .argument('<sessionId>')
    .option('--json', 'print the evaluation record as JSON')
    .action(async (sessionId: string, options: { json?: boolean }) => (await import('./evalCommand.js')).evalCommand(config(), sessionId, options));

  program
    .command('slack')
    .description('the Slack app')
    .command('manifest')
    .description("print the Slack app manifest for KAP_PUBLIC_URL (create the app from it: api.slack.com/apps → From a manifest)")
    .option('--socket-mode', 'for Socket Mode (no public host needed for events)')
    .action(async (options: { socketMode?: boolean }) => (await import('./slackCommand.js')).manifestCommand(config(), options));

  program
    .command('import')
    .description('backfill transcripts (default ~/.claude/projects); re-running appends nothing')
    .argument('[paths...]', 'files or folders of .jsonl / .json')
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => (await import('./importCommand.js')).importCommand(config(), paths, options));

  program
    .command('sessions')
    .description('list sessions, most recent first')
    .option('--repo <owner/name>', 'only this repository')
    .option('--limit <n>', 'at most n sessions (1 to 1000)', parseLimitOption, 20)
    .option('--json', 'print JSON')
    .action(async (options: { repo?: string; limit: number; json?: boolean }) => (await import('./sessionsCommand.js')).sessionsCommand(config(), options));

  program
    .command('show')
    .description("one session's summary and page link")
    .argument('<sessionId>', 'a session id, or enough of its start to name one session')
    .option('--json', 'print JSON (with `pageUrl`)')
    .action(async (sessionId: string, options: { json?: boolean }) => (await import('./sessionsCommand.js')).showCommand(config(), sessionId, options));

  program
    .command('search')
    .description('search prompts, answers and tool calls across sessions: words, "phrases", prefix*, filters (repo: user: kind: tool: session: status: after: before:)')
    .argument('<query...>', 'the query; quote it for the shell when it has "phrases"')
    .option('--limit <n>', 'at most n hits (1 to 200)', (text: string) => searchParsers.parseSearchLimit(text), 20)
    .option('--offset <n>', 'skip the first n hits', (text: string) => searchParsers.parseSearchOffset(text), 0)
    .option('--json', 'print JSON')
    .action(async (words: string[], options: { limit: number; offset: number; json?: boolean }) => (await import('./searchCommand.js')).searchCommand(config(), words, options));

  program
    .command('mcp')
    .description("a Model Context Protocol server on stdio: agents search and read earlier sessions you may read (register it: kap hooks install --mcp)")
    .action(async () => (await import('./mcpCommand.js')).mcpCommand(config()));

  program
    .command('share')
    .description('change who may see a session: everyone in the workspace (default), the members of the channels it was shared in, or its owner and the people it was shared with')
    .argument('<sessionId>')
    .option('--workspace', 'everyone in the Slack workspace (the default)')
    .option('--channel', 'the members of the channels it was shared in')
    .option('--private', 'its owner and the people it was shared with')
    .action(async (sessionId: string, flags: { workspace?: boolean; channel?: boolean; private?: boolean }) =>
      (await import('./shareCommand.js')).shareCommand(config(), sessionId, flags),
    );

  program
    .command('hide')
    .description('make a session private and take back every share')
    .argument('<sessionId>')
    .action(async (sessionId: string) => (await import('./shareCommand.js')).hideCommand(config(), sessionId));

  program
    .command('link')
    .description('claim this machine (git email, OS user and host) for the Slack user who ran `/kap link`; exit 1 if refused')
    .argument('<code>', 'the code `/kap link` gave you in Slack')
    .action(async (code: string) => (await import('./linkCommand.js')).linkCommand(config(), code));

  await program.parseAsync(process.argv).catch(fail);
}
