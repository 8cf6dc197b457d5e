/** The recall port on Kap's HTTP API (ingest/recallRoutes.ts, ingest/searchRoute.ts), read as this machine's person. */
import type { MachineIdentity } from '../access/identityLinks.js';
import { encodeReaderIdentity, READER_IDENTITY_HEADER } from '../ingest/requestReader.js';
import type { RecallSession } from '../recall/recallSession.js';
import type { TurnView } from '../recall/turnView.js';
import { RecallError } from './recallApi.js';
import type { RecallApi, RecallHit } from './recallApi.js';

export interface HttpRecallApiOptions {
  /** Kap's URL, e.g. `http://127.0.0.1:7878`. */
  url: string;
  token: string | undefined;
  identity: MachineIdentity;
  /** Per request, ms. Default 30 s. */
  timeoutMs?: number;
}

export function createHttpRecallApi(options: HttpRecallApiOptions): RecallApi {
  const headers: Record<string, string> = { [READER_IDENTITY_HEADER]: encodeReaderIdentity(options.identity) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const get = async <T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    const target = `${options.url}${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
    let response: Response;
    try {
      response = await fetch(target, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new RecallError('UNREACHABLE', `cannot reach Kap at ${options.url} (${(error as Error).message}); is \`kap serve\` running?`);
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) throw new RecallError(body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? `Kap answered HTTP ${response.status}`);
    return body as T;
  };
  const id = (value: string) => encodeURIComponent(value);
  return {
    search: (query, limit) => get<{ hits: RecallHit[]; more: boolean }>('/v1/search', { q: query, limit }),
    recentSessions: async ({ repo, branch, limit }) => (await get<{ sessions: RecallSession[] }>('/v1/recall/sessions', { repo, branch, limit })).sessions,
    session: async (session) => (await get<{ session: RecallSession }>(`/v1/recall/sessions/${id(session)}`)).session,
    recap: (session) => get<{ sessionId: string; markdown: string; cached: boolean }>(`/v1/recall/sessions/${id(session)}/recap`),
    turn: (session, turn, offset, limit) => get<TurnView>(`/v1/recall/sessions/${id(session)}/turns/${turn}`, { offset, limit }),
  };
}
