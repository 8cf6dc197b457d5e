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
  const token = config.token ?? readToken(config.dataDir);
  let response: Response;
  try {
    response = await fetch(`${config.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new Error(`cannot reach Kap at ${config.url} (${(error as Error).message}); start it with \`kap serve\` or set KAP_URL`);
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) throw new ApiError(response.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}
