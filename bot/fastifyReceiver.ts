/**
 * A Bolt receiver on Kap's own Fastify server. Transport only (Bolt's rule for receivers): raw body,
 * signature check (`verifySlackRequest`: HMAC-SHA256 `v0:<timestamp>:<body>`, timestamps over 5 minutes
 * old refused), parse, answer Slack's `url_verification` and `ssl_check`, then `app.processEvent` with an
 * `ack` that sends the HTTP response. The response goes out as soon as the listener acks (Events API
 * requests are acked by Bolt before any listener runs), so Slack gets its 200 within its 3 s.
 * Events, slash commands and interactivity share one path (default `/slack/events`).
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FastifyReceiverOptions {
  signingSecret: string;
  /** Default `/slack/events`. */
  path?: string;
  /** Clock for the signature's timestamp check, ms since epoch. */
  nowMs?: () => number;
  /** Called when a listener failed (after the ack, or instead of it). */
  onError?: (error: unknown) => void;
  /** With no ack by then, answer 200 anyway (ms). Default 2500, under Slack's 3 s. */
  ackTimeoutMs?: number;
}

export class FastifyReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: FastifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The server is Kap's: nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Registers the Slack route on `server` (call before `listen`). */
  register(server: FastifyInstance): void {
    const path = this.options.path ?? '/slack/events';
    void server.register(async (scope) => {
      // Signatures cover the exact bytes: take every body raw, whatever the content type.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
      scope.post(path, (request, reply) => this.handle(request, reply));
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const signature = header(request, 'x-slack-signature');
    const timestamp = Number(header(request, 'x-slack-request-timestamp'));
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature ?? '', 'x-slack-request-timestamp': timestamp },
        ...(this.options.nowMs ? { nowMilliseconds: this.options.nowMs() } : {}),
      });
    } catch {
      await reply.code(401).send();
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, header(request, 'content-type') ?? '');
    } catch {
      await reply.code(400).send();
      return;
    }
    if (body.ssl_check === '1') {
      await reply.code(200).send();
      return;
    }
    if (body.type === 'url_verification') {
      await reply.code(200).send({ challenge: body.challenge });
      return;
    }
    const app = this.app;
    if (!app) {
      await reply.code(503).send();
      return;
    }

    let settle: (response: unknown) => void = () => {};
    const acked = new Promise<unknown>((resolve) => (settle = resolve));
    let ackCount = 0;
    const retry = header(request, 'x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      ...(retry !== undefined ? { retryNum: Number(retry) } : {}),
      ...(header(request, 'x-slack-retry-reason') !== undefined ? { retryReason: header(request, 'x-slack-retry-reason') } : {}),
      ack: async (response?: unknown) => {
        ackCount += 1;
        if (ackCount === 1) settle(response);
      },
    };
    const timer = setTimeout(() => settle(undefined), this.options.ackTimeoutMs ?? 2500);
    app.processEvent(event).then(
      () => settle(undefined),
      (error: unknown) => {
        this.options.onError?.(error);
        settle(undefined);
      },
    );
    const response = await acked;
    clearTimeout(timer);
    if (response === undefined || response === '') await reply.code(200).send();
    else if (typeof response === 'string') await reply.code(200).type('text/plain').send(response);
    else await reply.code(200).send(response);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON (Events API) or form-encoded (slash commands; interactivity's `payload=<json>`). Throws on malformed. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
  return form;
}
