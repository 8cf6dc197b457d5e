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
 *   users_not_found                users.lookupByEmail of an email nobody has
 *   not_in_channel                 conversations.members of a channel the bot is not in
 *   ratelimited                    the next calls of a method, after `rateLimit(method, n)`
 *   not_in_channel                 chat.postMessage / chat.postEphemeral in a channel of `notIn` (Kap not a member)
 * Message responses (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses):
 *   POST /response/<id>              a slash command's response_url (`responseUrl(id)`): recorded as method
 *                                    `response_url` with the JSON body as args
 * Sign in with Slack (OpenID Connect, https://docs.slack.dev/authentication/sign-in-with-slack/):
 *   GET  /openid/connect/authorize   the browser step: signs in `signedInAs()` and redirects to
 *                                    `redirect_uri?code&state` (or `?error=access_denied` when nobody is)
 *   openid.connect.token             client_id + client_secret + code + redirect_uri → access_token, id_token
 *                                    (`invalid_client`, `invalid_code`, `invalid_redirect_uri` otherwise)
 *   openid.connect.userInfo          Bearer access_token → sub, https://slack.com/user_id, team_id, email, name
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
  /** Sign in with Slack: who the authorize page signs in next (undefined: the person refuses). */
  signInAs(userId: string | undefined): void;
  /** The next `times` calls of `method` answer `ratelimited` (Slack's limit hit: https://docs.slack.dev/apis/web-api/rate-limits). */
  rateLimit(method: string, times: number): void;
  /** A response_url on this stand-in (`POST` records a `response_url` call): what Slack sends with a command. */
  responseUrl(id: string): string;
  /** Resolves when `count` accepted calls of `method` were recorded (rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

export interface SlackStandInOptions {
  botToken: string;
  /** Channels that exist (default: any). */
  channels?: string[];
  /** Slack user id → profile email, for `users.info` and `users.lookupByEmail`. */
  users?: Record<string, string>;
  /**
   * Channel → member user ids, for `conversations.members` and `chat.postEphemeral` (`user_not_in_channel`).
   * A channel not listed answers `not_in_channel` to `conversations.members` and accepts any ephemeral user.
   */
  members?: Record<string, string[]>;
  /** Sign in with Slack: the app's client id and secret. */
  oidc?: { clientId: string; clientSecret: string; teamId?: string };
  /** Channels (or DMs) the bot is not a member of: chat.postMessage and chat.postEphemeral there answer `not_in_channel`. */
  notIn?: string[];
}

const JSON_FIELDS = new Set(['unfurls', 'blocks', 'attachments', 'metadata']);

export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const calls: RecordedCall[] = [];
  let nextTs = 1_763_000_000;
  let signedIn: string | undefined;
  const codes = new Map<string, { userId: string; redirectUri: string; nonce: string | null }>();
  const accessTokens = new Map<string, string>();
  const limited = new Map<string, number>();
  const teamId = options.oidc?.teamId ?? 'T0KAP';
  const server = createServer((request, response) => {
    const receivedAt = performance.now();
    if (request.method === 'GET' && (request.url ?? '').startsWith('/openid/connect/authorize')) {
      const url = new URL(request.url ?? '', 'http://stand-in');
      const redirect = url.searchParams.get('redirect_uri');
      const args = Object.fromEntries(url.searchParams);
      if (!redirect || url.searchParams.get('client_id') !== options.oidc?.clientId || url.searchParams.get('response_type') !== 'code') {
        calls.push({ method: 'openid.connect.authorize', args, response: { ok: false, error: 'invalid_request' }, receivedAt });
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('invalid_request');
        return;
      }
      const back = new URL(redirect);
      if (signedIn === undefined) {
        back.searchParams.set('error', 'access_denied');
      } else {
        const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
        codes.set(code, { userId: signedIn, redirectUri: redirect, nonce: url.searchParams.get('nonce') });
        back.searchParams.set('code', code);
      }
      const state = url.searchParams.get('state');
      if (state !== null) back.searchParams.set('state', state);
      const location = back.toString();
      calls.push({ method: 'openid.connect.authorize', args, response: { ok: signedIn !== undefined, location }, receivedAt });
      response.writeHead(302, { location });
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    if (request.method === 'POST' && (request.url ?? '').startsWith('/response/')) {
      request.on('end', () => {
        let args: Record<string, unknown> = {};
        try {
          args = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          // recorded with no args: the test sees it
        }
        calls.push({ method: 'response_url', args: { ...args, url: request.url }, response: { ok: true }, receivedAt });
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      });
      return;
    }
    request.on('end', () => {
      const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = request.headers['content-type'] ?? '';
      let args: Record<string, unknown> = {};
      let answer: Record<string, unknown>;
      try {
        args = contentType.includes('application/json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : decodeForm(raw);
        const auth = request.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined);
        if (method === 'openid.connect.token') answer = oidcToken(args, request.headers.authorization);
        else if (method === 'openid.connect.userInfo') answer = oidcUserInfo(auth);
        else if (!auth) answer = { ok: false, error: 'not_authed' };
        else if (auth !== `Bearer ${options.botToken}`) answer = { ok: false, error: 'invalid_auth' };
        else if ((limited.get(method) ?? 0) > 0) {
          limited.set(method, (limited.get(method) ?? 0) - 1);
          answer = { ok: false, error: 'ratelimited' };
        } else answer = handle(method, args);
      } catch {
        answer = { ok: false, error: 'invalid_arguments' };
      }
      calls.push({ method, args, response: answer, receivedAt });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });

  function oidcToken(args: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    // Client credentials come in the form (client_id, client_secret) or as HTTP Basic auth.
    let clientId = args.client_id;
    let clientSecret = args.client_secret;
    if (authorization?.startsWith('Basic ')) [clientId, clientSecret] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    if (!options.oidc || clientId !== options.oidc.clientId || clientSecret !== options.oidc.clientSecret) return { ok: false, error: 'invalid_client' };
    const grant = typeof args.code === 'string' ? codes.get(args.code) : undefined;
    if (!grant) return { ok: false, error: 'invalid_code' };
    codes.delete(args.code as string); // a code is used once
    if (args.redirect_uri !== grant.redirectUri) return { ok: false, error: 'invalid_redirect_uri' };
    const accessToken = `xoxp-oidc-${Math.random().toString(36).slice(2)}`;
    accessTokens.set(accessToken, grant.userId);
    const claims = { iss: 'https://slack.com', sub: grant.userId, aud: options.oidc.clientId, 'https://slack.com/user_id': grant.userId, 'https://slack.com/team_id': teamId, ...(grant.nonce ? { nonce: grant.nonce } : {}) };
    const idToken = [{ alg: 'none' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.';
    return { ok: true, access_token: accessToken, token_type: 'Bearer', id_token: idToken };
  }

  function oidcUserInfo(auth: string | undefined): Record<string, unknown> {
    const userId = auth?.startsWith('Bearer ') ? accessTokens.get(auth.slice(7)) : undefined;
    if (!userId) return { ok: false, error: 'invalid_auth' };
    const email = options.users?.[userId];
    return { ok: true, sub: userId, 'https://slack.com/user_id': userId, 'https://slack.com/team_id': teamId, name: `User ${userId}`, ...(email ? { email, email_verified: true } : {}) };
  }

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
        if (options.notIn?.includes(String(args.channel))) return { ok: false, error: 'not_in_channel' };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        if (args.thread_ts !== undefined && !(typeof args.thread_ts === 'string' && /^\d+\.\d+$/.test(args.thread_ts))) return { ok: false, error: 'invalid_thread_ts' };
        const problem = blocksProblem(args.blocks);
        if (problem) return { ok: false, error: problem };
        nextTs += 1;
        return { ok: true, channel: args.channel, ts: `${nextTs}.000100`, message: { text: args.text } };
      }
      case 'chat.postEphemeral': {
        if (!channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        if (options.notIn?.includes(String(args.channel))) return { ok: false, error: 'not_in_channel' };
        if (typeof args.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
        const inChannel = options.members?.[String(args.channel)];
        if (inChannel && !inChannel.includes(args.user)) return { ok: false, error: 'user_not_in_channel' };
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
      case 'users.lookupByEmail': {
        const wanted = typeof args.email === 'string' ? args.email.toLowerCase() : '';
        const id = Object.entries(options.users ?? {}).find(([, email]) => email.toLowerCase() === wanted)?.[0];
        return id ? { ok: true, user: { id, profile: { email: options.users?.[id] } } } : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.members': {
        if (!channelExists(args.channel)) return { ok: false, error: 'channel_not_found' };
        const members = options.members?.[String(args.channel)];
        return members ? { ok: true, members, response_metadata: { next_cursor: '' } } : { ok: false, error: 'not_in_channel' };
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
    signInAs(userId) {
      signedIn = userId;
    },
    responseUrl(id) {
      return `http://127.0.0.1:${port}/response/${encodeURIComponent(id)}`;
    },
    rateLimit(method, times) {
      limited.set(method, times);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeForm(raw: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = JSON_FIELDS.has(key) ? (JSON.parse(value) as unknown) : value;
  return args;
}
