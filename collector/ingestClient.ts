/**
 * The collector's side of `POST /v1/events`. Outcomes are values, and a failure says whose it is
 * (`PostFailure`): the ingest could not be used at all (`unreachable`: spool, ship later), the ingest refused
 * this batch (`refused`: it would refuse it again, set it aside), or the ingest took the request and failed
 * on it (`failed`: maybe the batch, maybe a passing fault; retry a bounded number of times).
 *
 * Speaks node:http(s) rather than `fetch`: a short-lived `kap hook` or `kap import` process then loads no
 * undici, and a body goes out as the buffer it is (fetch copies it and checks a string body's UTF-16).
 * Connections are kept alive between requests; idle ones do not hold the process open.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { encodeNdjsonBody, NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';
import type { OutgoingBatch } from '../events/ndjsonBatch.js';

/**
 * - `unreachable`: no connection (refused, no route, DNS, no connection within the timeout), or an answer
 *   that speaks for the ingest, not the batch: 401/403 (the token), 404/405 (no Kap ingest at that URL),
 *   407, 408, 429, 502/503/504 (a proxy or the ingest says it is down or busy).
 * - `refused`: any other 4xx (400 INVALID_*, 413 …): the batch is bad.
 * - `failed`: 5xx, 409 (the stream moved on), or the connection broke / no answer came after the request
 *   went out.
 */
export type PostFailure = 'unreachable' | 'refused' | 'failed';

export type PostOutcome =
  | { ok: true; appended: number; skipped: number }
  | {
      ok: false;
      failure: PostFailure;
      /** Not `refused`: sending the same batch again may succeed. */
      retryable: boolean;
      status?: number;
      message: string;
      /** The ingest's error code (README "Ingest errors"), when it answered with one. */
      code?: string;
      /** The offending item, when the ingest names one. */
      itemIndex?: number;
    };

export interface IngestTarget {
  /** Base URL, e.g. `http://127.0.0.1:7878`. */
  url: string;
  token: string | undefined;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

const httpAgent = new Agent({ keepAlive: true });
let httpsAgent: Agent | undefined;
let httpsRequest: typeof httpRequest | undefined;

/** Statuses that speak for the ingest (or what stands before it), not for the batch. */
const UNREACHABLE_STATUSES = new Set([401, 403, 404, 405, 407, 408, 429, 502, 503, 504]);

/**
 * Posts one batch, or a batch already encoded as NDJSON (a spooled one, as text or bytes). Never throws.
 * A kept-alive connection the ingest closed meanwhile is retried once on a new one.
 */
export async function postBatch(target: IngestTarget, batch: OutgoingBatch | string | Uint8Array): Promise<PostOutcome> {
  const body = typeof batch === 'string' ? batch : batch instanceof Uint8Array ? batch : encodeNdjsonBody(batch);
  let response: { status: number; text: string };
  try {
    response = await post(target, body).catch((error: PostError) => (error.reusedSocket && error.sent ? post(target, body) : Promise.reject(error)));
  } catch (error) {
    const { message, sent } = error as PostError;
    return sent
      ? { ok: false, failure: 'failed', retryable: true, message: `the ingest at ${target.url} took the batch and did not answer: ${message}` }
      : { ok: false, failure: 'unreachable', retryable: true, message: `ingest unreachable at ${target.url}: ${message}` };
  }
  const { status, text } = response;
  if (status >= 200 && status < 300) {
    const parsed = safeJson(text) as { appended?: number; skipped?: number } | undefined;
    return { ok: true, appended: parsed?.appended ?? 0, skipped: parsed?.skipped ?? 0 };
  }
  const failure: PostFailure = UNREACHABLE_STATUSES.has(status) ? 'unreachable' : status >= 400 && status < 500 && status !== 409 ? 'refused' : 'failed';
  const error = (safeJson(text) as { error?: { code?: unknown; itemIndex?: unknown } } | undefined)?.error;
  return {
    ok: false,
    failure,
    retryable: failure !== 'refused',
    status,
    message: `ingest answered ${status}: ${text.slice(0, 500)}`,
    ...(typeof error?.code === 'string' ? { code: error.code } : {}),
    ...(typeof error?.itemIndex === 'number' ? { itemIndex: error.itemIndex } : {}),
  };
}

/**
 * Whether the ingest answers `GET /healthz` with 200 within `timeoutMs` (at most 2 s). Tells "the ingest is
 * down" from "the ingest failed on this batch" after a `failed` post. Never throws.
 */
export async function probeIngest(target: IngestTarget): Promise<boolean> {
  try {
    const { status } = await request(target, 'GET', '/healthz', undefined, Math.min(target.timeoutMs, 2_000));
    return status === 200;
  } catch {
    return false;
  }
}

/** Why a request failed: `sent` once the request was on an open connection; `reusedSocket` on a kept-alive one. */
type PostError = Error & { sent?: boolean; reusedSocket?: boolean };

/** One POST of `body` to `/v1/events`; rejects when the ingest cannot be reached or does not answer in time. */
function post(target: IngestTarget, body: Uint8Array | string): Promise<{ status: number; text: string }> {
  return request(target, 'POST', '/v1/events', body, target.timeoutMs);
}

async function request(target: IngestTarget, method: 'GET' | 'POST', path: string, body: Uint8Array | string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`);
  const secure = url.protocol === 'https:';
  if (secure && !httpsRequest) {
    const https = await import('node:https');
    httpsRequest = https.request;
    httpsAgent = new https.Agent({ keepAlive: true });
  }
  const options: RequestOptions = {
    method,
    agent: secure ? httpsAgent : httpAgent,
    headers:
      body === undefined
        ? {}
        : {
            'content-type': NDJSON_CONTENT_TYPE,
            'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
            ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
          },
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest! : httpRequest)(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    // Sent: the request went out on an open connection, so the ingest may have started on it.
    let sent = false;
    req.on('socket', (socket) => {
      if (!socket.connecting) sent = true;
      else socket.once('connect', () => (sent = true));
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: PostError) {
      clearTimeout(timer);
      error.sent = sent;
      error.reusedSocket = req.reusedSocket;
      reject(error);
    }
    req.on('error', fail);
    req.end(body);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
