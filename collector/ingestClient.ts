/**
 * The collector's side of `POST /v1/events`. Outcomes are values: `retryable` failures (unreachable,
 * timeout, 5xx, 409) go to the spool; the others (4xx) would fail again and are set aside.
 */
import type { IngestBatch } from '../events/ingestBatch.js';
import { encodeNdjsonBatch, NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';

export type PostOutcome =
  | { ok: true; appended: number; skipped: number }
  | { ok: false; retryable: boolean; status?: number; message: string };

export interface IngestTarget {
  /** Base URL, e.g. `http://127.0.0.1:7878`. */
  url: string;
  token: string | undefined;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

/** Posts one batch, or a batch already encoded as NDJSON (a spooled one). Never throws. */
export async function postBatch(target: IngestTarget, batch: IngestBatch | string): Promise<PostOutcome> {
  const body = typeof batch === 'string' ? batch : encodeNdjsonBatch(batch);
  let response: Response;
  try {
    response = await fetch(`${target.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': NDJSON_CONTENT_TYPE, ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    return { ok: false, retryable: true, message: `ingest unreachable at ${target.url}: ${(error as Error).message}` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    const parsed = safeJson(text) as { appended?: number; skipped?: number } | undefined;
    return { ok: true, appended: parsed?.appended ?? 0, skipped: parsed?.skipped ?? 0 };
  }
  const retryable = response.status >= 500 || response.status === 409 || response.status === 429;
  return { ok: false, retryable, status: response.status, message: `ingest answered ${response.status}: ${text.slice(0, 500)}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
