/**
 * A Kap with Slack and an agent host, for the hosted-agent tests: the Slack Web API stand-in, a scripted
 * Messages API the hosted `claude` calls, a bare git repository the host checks out, and helpers to speak
 * as Slack users in a thread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKapForTest } from './kapHarness.js';
import type { KapUnderTest } from './kapHarness.js';
import { startScriptedMessagesApi } from './scriptedMessagesApi.js';
import type { Script, ScriptedMessagesApi } from './scriptedMessagesApi.js';
import { startSlackStandIn } from './slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from './slackApiStandIn.js';
import { postInteraction, postSlackEvent, postSlashCommand } from './slackSigning.js';

export const SECRET = 'host-signing-secret-0123456789abcdef';
/** A channel Kap is not a member of. */
export const NOT_A_MEMBER_CHANNEL = 'C0NOTIN';
const TOKEN = 'xoxb-host-test';

/** Slack users of the hosted-agent tests → their profile emails (a session's `gitUser` resolves through these). */
export const HOST_TEST_USERS: Record<string, string> = { U0DANA: 'dana@acme.dev', U0JO: 'jo@acme.dev', U0SAM: 'sam@acme.dev' };
const HOST_TEST_MEMBERS: Record<string, string[]> = { C0TEAM: ['U0DANA', 'U0JO', 'U0SAM'], C0OTHER: ['U0DANA', 'U0JO', 'U0SAM'] };

export interface HostedAgentWorld {
  kap: KapUnderTest;
  slack: SlackStandIn;
  api: ScriptedMessagesApi;
  /** `/kap <text>` from `user` in `channel`. */
  slash(text: string, user?: string, channel?: string): Promise<Response>;
  /** A message from `user` in the thread `threadTs` of `channel`; resolves its ts. */
  reply(threadTs: string, text: string, user?: string, channel?: string): Promise<string>;
  /** A button click (block_actions). */
  click(actionId: string, value: string, user: string, where: { channel: string; messageTs: string; threadTs?: string }): Promise<Response>;
  /** Waits for an accepted chat.postMessage matching `match` (after `from` calls). */
  posted(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.name=Kap Test', '-c', 'user.email=kap@example.com', ...args], { stdio: 'ignore' });

export async function startHostedAgentWorld(script: Script, env: Record<string, string> = {}): Promise<HostedAgentWorld> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kap-host-')));
  const remote = join(root, 'web.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  const seed = join(root, 'seed');
  git(root, 'clone', '-q', remote, seed);
  git(seed, 'checkout', '-q', '-b', 'main');
  writeFileSync(join(seed, 'README.md'), '# web\n');
  git(seed, 'add', 'README.md');
  git(seed, 'commit', '-q', '-m', 'readme');
  git(seed, 'push', '-q', 'origin', 'main');

  const api = await startScriptedMessagesApi(script);
  // Slack knows the people of these tests by their emails (owners resolve from git emails) and who is in
  // the channels they use (the read rule asks for a person in a `channel` session).
  // Kap was never invited to C0NOTIN: its posts there are refused (`not_in_channel`).
  const slack = await startSlackStandIn({ botToken: TOKEN, users: HOST_TEST_USERS, members: HOST_TEST_MEMBERS, notIn: [NOT_A_MEMBER_CHANNEL] });
  const kap = await startKapForTest(join(root, 'kap'), {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    KAP_PUBLIC_URL: 'https://kap.example.test',
    KAP_AGENT_REPOS: `web=file://${remote}`,
    KAP_AGENT_DIR: join(root, 'agents'),
    KAP_AGENT_ALLOWED_TOOLS: 'Read',
    ANTHROPIC_API_KEY: 'test',
    ANTHROPIC_BASE_URL: api.url,
    ...env,
  });
  const events = `${kap.url}/slack/events`;
  let n = 0;
  let tsCounter = 1_763_500_000;
  return {
    kap,
    slack,
    api,
    slash: (text, user = 'U0DANA', channel = 'C0TEAM') =>
      postSlashCommand(events, { command: '/kap', text, user_id: user, channel_id: channel, team_id: 'T0KAP', trigger_id: `trig.${++n}`, response_url: slack.responseUrl(`cmd${n}`) }, { signingSecret: SECRET }),
    async reply(threadTs, text, user = 'U0DANA', channel = 'C0TEAM') {
      const ts = `${++tsCounter}.000300`;
      const response = await postSlackEvent(
        events,
        { type: 'event_callback', team_id: 'T0KAP', event_id: `EvReply${++n}`, event: { type: 'message', channel, channel_type: 'channel', user, text, ts, thread_ts: threadTs, event_ts: ts } },
        { signingSecret: SECRET },
      );
      if (response.status !== 200) throw new Error(`the bot answered ${response.status}`);
      return ts;
    },
    click: (actionId, value, user, where) =>
      postInteraction(
        events,
        {
          type: 'block_actions',
          trigger_id: `trig.click.${++n}`,
          user: { id: user },
          team: { id: 'T0KAP' },
          channel: { id: where.channel },
          container: { type: 'message', channel_id: where.channel, message_ts: where.messageTs, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
          message: { ts: where.messageTs, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) },
          actions: [{ type: 'button', action_id: actionId, value, action_ts: `${Date.now() / 1000}` }],
        },
        { signingSecret: SECRET },
      ),
    async posted(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = slack.accepted('chat.postMessage').find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(`no such post; posts:\n${slack.accepted('chat.postMessage').map((c) => `  ${String(c.args.thread_ts)} ${String(c.args.text).slice(0, 160)}`).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await kap.close();
      await slack.close();
      await api.close();
    },
  };
}

/** The text of the last user message of a Messages API request (a prompt or tool results). */
export function lastUserText(body: { messages?: { role: string; content: unknown }[] } | undefined): string {
  const last = (body?.messages ?? []).findLast((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return (last.content as { type?: string; text?: string }[])
    .filter((b) => b.type === 'text' && typeof b.text === 'string' && !b.text.startsWith('<system-reminder>'))
    .map((b) => b.text)
    .join('\n');
}
