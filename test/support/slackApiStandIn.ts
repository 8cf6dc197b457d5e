/**
 * A local stand-in for the Slack Web API (point the WebClient's `slackApiUrl` at `<url>/api/`). It records
 * every call and refuses what Slack would refuse, with Slack's error codes:
 *   not_authed / invalid_auth      no bearer token / not the bot token
 *   invalid_blocks                 blocks over Block Kit's limits (renderers/slackLimits.ts)
 *   invalid_arguments              chat.unfurl without channel+ts or source+unfurl_id; unparseable JSON
 *   no_text                        chat.postMessage without text or blocks
 *   channel_not_found / user_not_in_channel   per the channels and members set up
 *   invalid_thread_ts              a thread_ts that is not a message ts (`<seconds>.<micro>`)
 *   unknown_method                 a method the stand-in does not know
 * https://docs.slack.dev/reference/methods
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlocks } from '../../renderers/slackLimits.js';
import type { Block } from '../../renderers/blockKit.js';

export interface RecordedCall {
  method: string;
  /** Arguments as Slack parses them (JSON-encoded fields decoded). */
  args: Record<string, unknown>;
  /** What the stand-in answered. */
  response: Record<string, unknown>;
  /** `performance.now()` when the call arrived (benchmarks). */
  receivedAt: number;
}

export interface SlackStandIn {
  /** Base URL for the WebClient's `slackApiUrl`: `http://127.0.0.1:<port>/api/`. */
  apiUrl: string;
  calls: RecordedCall[];
  /** Calls of one method that Slack accepted. */
  accepted(method: string): RecordedCall[];
  /** Resolves when `count` accepted calls of `method` were recorded (rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

export interface SlackStandInOptions {
  botToken: string;
  /** Channels that exist (default: any). */
  channels?: string[];
  /** Slack user id → profile email, for `users.info`. */
  users?: Record<string, string>;
}

const JSON_FIELDS = new Set(['unfurls', 'blocks', 'attachments', 'metadata']);

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  let nextTs = 1_763_000_000;
  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = request.headers['content-type'] ?? '';
      let args: Record<string, unknown> = {};
      let answer: Record<string, unknown>;
      try {
        args = contentType.includes('application/json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : decodeForm(raw);
        const auth = request.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined);
        if (!auth) answer = { ok: false, error: 'not_authed' };
        else if (auth !== `Bearer ${options.botToken}`) answer = { ok: false, error: 'invalid_auth' };
        else answer = handle(method, args);
      } catch {
        answer = { ok: false, error: 'invalid_arguments' };
      }
      calls.push({ method, args, response: answer, receivedAt });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });

  const channelExists = (c: unknown) => typeof c === 'string' && (options.channels === undefined || options.channels.includes(c));
  const blocksProblem = (blocks: unknown): string | undefined => {
    if (blocks === undefined) return undefined;
    if (!Array.isArray(blocks)) return 'invalid_blocks_format';
    return checkBlocks(blocks as Block[]).length > 0 ? 'invalid_blocks' : undefined;
  };

  function handle(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://kap-test.slack.com/', team: 'Kap Test', user: 'kap', team_id: 'T0KAP', user_id: 'UKAPBOT', bot_id: 'BKAPBOT' };
      case 'chat.unfurl': {
        const byMessage = typeof args.channel === 'string' && typeof args.ts === 'string';
        const byComposer = typeof args.source === 'string' && typeof args.unfurl_id === 'string';
        if (!byMessage && !byComposer) return { ok: false, error: 'invalid_arguments' };
        if (byMessage && !channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        const unfurls = args.unfurls;
        if (typeof unfurls !== 'object' || unfurls === null || Array.isArray(unfurls)) return { ok: false, error: 'invalid_unfurls_format' };
        for (const value of Object.values(unfurls)) {
          const problem = blocksProblem((value as { blocks?: unknown }).blocks);
          if (problem) return { ok: false, error: problem };
        }
        return { ok: true };
      }
      case 'chat.postMessage': {
        if (!channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        if (args.thread_ts !== undefined && !(typeof args.thread_ts === 'string' && /^\d+\.\d+$/.test(args.thread_ts))) return { ok: false, error: 'invalid_thread_ts' };
        const problem = blocksProblem(args.blocks);
        if (problem) return { ok: false, error: problem };
        nextTs += 1;
        return { ok: true, channel: args.channel, ts: `${nextTs}.000100`, message: { text: args.text } };
      }
      case 'chat.postEphemeral': {
        if (!channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        if (typeof args.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        const problem = blocksProblem(args.blocks);
        if (problem) return { ok: false, error: problem };
        nextTs += 1;
        return { ok: true, message_ts: `${nextTs}.000200` };
      }
      case 'users.info': {
        const email = options.users?.[String(args.user)];
        return email ? { ok: true, user: { id: args.user, profile: { email } } } : { ok: false, error: 'user_not_found' };
      }
      case 'reactions.add':
        if (!channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        if (typeof args.timestamp !== 'string' || typeof args.name !== 'string') return { ok: false, error: 'invalid_arguments' };
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = (method: string) => calls.filter((c) => c.method === method && c.response.ok === true);
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    accepted,
    async waitFor(method, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted(method).length < count) {
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.method} → ${JSON.stringify(c.response)}`).join('\n  ');
          throw new Error(`the Slack stand-in got ${accepted(method).length} accepted ${method} calls, not ${count}; calls:\n  ${seen}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return accepted(method);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeForm(raw: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = JSON_FIELDS.has(key) ? (JSON.parse(value) as unknown) : value;
  return args;
}
