/**
 * Requests as Slack sends them: signed with the app's signing secret (`v0=` HMAC-SHA256 of
 * `v0:<timestamp>:<body>`, https://docs.slack.dev/authentication/verifying-requests-from-slack).
 */
import { createHmac } from 'node:crypto';

export function slackSignature(signingSecret: string, body: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export interface SlackRequestOptions {
  signingSecret: string;
  /** Signed at this time (seconds); default now. */
  timestampSeconds?: number;
  /** `x-slack-retry-num`, for a retried delivery. */
  retryNum?: number;
  /** Replace the signature (a forgery). */
  signature?: string;
}

/** POSTs a signed Events API payload (JSON) to the bot's Slack route. */
export async function postSlackEvent(url: string, payload: unknown, options: SlackRequestOptions): Promise<Response> {
  return postSigned(url, JSON.stringify(payload), 'application/json', options);
}

/** POSTs a signed slash command (form-encoded, as Slack sends `/kap …`). */
export async function postSlashCommand(url: string, fields: Record<string, string>, options: SlackRequestOptions): Promise<Response> {
  return postSigned(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
}

/** POSTs a signed interactivity payload (`payload=<json>`, form-encoded), e.g. a button click. */
export async function postInteraction(url: string, payload: unknown, options: SlackRequestOptions): Promise<Response> {
  return postSigned(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
}

async function postSigned(url: string, body: string, contentType: string, options: SlackRequestOptions): Promise<Response> {
  const ts = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': options.signature ?? slackSignature(options.signingSecret, body, ts),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}
