/** The CLI's client for Kap's HTTP API (bearer token from KAP_TOKEN or `<dataDir>/token`). */
import type { KapConfig } from '../config/kapConfig.js';
import { readToken } from '../ingest/token.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a JSON resource. Throws `ApiError` with the server's code, or a plain Error when unreachable. */
export async function getJson<T>(config: Readonly<KapConfig>, path: string): Promise<T> {
  return requestJson<T>(config, 'GET', path);
}

/** POSTs `body` as JSON and returns the JSON answer. Throws like `getJson`. */
export async function postJson<T>(config: Readonly<KapConfig>, path: string, body: unknown): Promise<T> {
  return requestJson<T>(config, 'POST', path, body);
}

async function requestJson<T>(config: Readonly<KapConfig>, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const token = config.token ?? readToken(config.dataDir);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${config.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (error) {
    throw new Error(`cannot reach Kap at ${config.url} (${(error as Error).message}); start it with \`kap serve\` or set KAP_URL`);
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) throw new ApiError(response.status, answer.error?.code ?? 'HTTP_ERROR', answer.error?.message ?? `HTTP ${response.status}`);
  return answer as T;
}
