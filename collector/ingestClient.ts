/**
 * The collector's side of `POST /v1/events`. Outcomes are values: `retryable` failures (unreachable,
 * timeout, 5xx, 409) go to the spool; the others (4xx) would fail again and are set aside.
 *
 * Speaks node:http(s) rather than `fetch`: a short-lived `kap hook` or `kap import` process then loads no
 * undici, and a body goes out as the buffer it is (fetch copies it and checks a string body's UTF-16).
 * Connections are kept alive between requests; idle ones do not hold the process open.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { encodeNdjsonBody, NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';
import type { OutgoingBatch } from '../events/ndjsonBatch.js';

export type PostOutcome =
  | { ok: true; appended: number; skipped: number }
  | {
      ok: false;
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

/** Posts one batch, or a batch already encoded as NDJSON (a spooled one). Never throws. */
export async function postBatch(target: IngestTarget, batch: OutgoingBatch | string): Promise<PostOutcome> {
  const body = typeof batch === 'string' ? batch : encodeNdjsonBody(batch);
  let response: { status: number; text: string };
  try {
    response = await post(target, body);
  } catch (error) {
    return { ok: false, retryable: true, message: `ingest unreachable at ${target.url}: ${(error as Error).message}` };
  }
  const { status, text } = response;
  if (status >= 200 && status < 300) {
    const parsed = safeJson(text) as { appended?: number; skipped?: number } | undefined;
    return { ok: true, appended: parsed?.appended ?? 0, skipped: parsed?.skipped ?? 0 };
  }
  const retryable = status >= 500 || status === 409 || status === 429;
  const error = (safeJson(text) as { error?: { code?: unknown; itemIndex?: unknown } } | undefined)?.error;
  return {
    ok: false,
    retryable,
    status,
    message: `ingest answered ${status}: ${text.slice(0, 500)}`,
    ...(typeof error?.code === 'string' ? { code: error.code } : {}),
    ...(typeof error?.itemIndex === 'number' ? { itemIndex: error.itemIndex } : {}),
  };
}

/** One POST of `body` to `/v1/events`; rejects when the ingest cannot be reached or does not answer in time. */
async function post(target: IngestTarget, body: Buffer | string): Promise<{ status: number; text: string }> {
  const url = new URL('/v1/events', target.url.endsWith('/') ? target.url : `${target.url}/`);
  const secure = url.protocol === 'https:';
  if (secure && !httpsRequest) {
    const https = await import('node:https');
    httpsRequest = https.request;
    httpsAgent = new https.Agent({ keepAlive: true });
  }
  const options: RequestOptions = {
    method: 'POST',
    agent: secure ? httpsAgent : httpAgent,
    headers: {
      'content-type': NDJSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
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
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${target.timeoutMs} ms`)), target.timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
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
