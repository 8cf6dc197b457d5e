/**
 * Which session `kap show <id>` means: the session with exactly that id, else the one session whose id starts
 * with it (`GET /v1/sessions?prefix=`). Several → `AMBIGUOUS_SESSION_ID` listing them; none →
 * `SESSION_NOT_FOUND`. Every read goes through the API, so through its access gate.
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { SessionView } from '../ingest/sessionView.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { ApiError, getJson } from './apiClient.js';

/** How many candidates an ambiguous prefix lists. */
const MAX_CANDIDATES = 10;

export class SessionLookupError extends Error {
  constructor(
    readonly code: 'AMBIGUOUS_SESSION_ID' | 'SESSION_NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

/** The session `idOrPrefix` names, as `GET /v1/sessions/:id` answers it. Throws `SessionLookupError` or `ApiError`. */
export async function resolveSession(config: Readonly<KapConfig>, idOrPrefix: string): Promise<SessionView> {
  const exact = await readSession(config, idOrPrefix);
  if (exact) return exact;
  const query = new URLSearchParams({ prefix: idOrPrefix, limit: String(MAX_CANDIDATES) });
  const answer = await getJson<{ sessions: SessionSummary[]; total?: number }>(config, `/v1/sessions?${query.toString()}`);
  // Checked again here: a Kap from before `prefix` existed answers every session.
  const sessions = answer.sessions.filter((s) => s.sessionId.startsWith(idOrPrefix));
  const total = answer.total !== undefined && sessions.length === answer.sessions.length ? answer.total : sessions.length;
  const only = sessions[0];
  if (only === undefined) throw new SessionLookupError('SESSION_NOT_FOUND', `no session ${idOrPrefix}, nor one whose id starts with it`);
  if (total === 1) {
    const view = await readSession(config, only.sessionId);
    if (view) return view;
    throw new SessionLookupError('SESSION_NOT_FOUND', `no session ${only.sessionId}`);
  }
  throw new SessionLookupError('AMBIGUOUS_SESSION_ID', ambiguity(idOrPrefix, sessions, total));
}

/** The session with exactly this id, or undefined when there is none (other API errors are thrown). */
async function readSession(config: Readonly<KapConfig>, sessionId: string): Promise<SessionView | undefined> {
  try {
    return await getJson<SessionView>(config, `/v1/sessions/${encodeURIComponent(sessionId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'SESSION_NOT_FOUND') return undefined;
    throw error;
  }
}

const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');

/** `3 sessions start with 7f0c; give more of the id:` and one line per candidate, most recent first. */
export function ambiguity(prefix: string, candidates: readonly SessionSummary[], total: number): string {
  const lines = candidates.map((s) => {
    const where = `${s.repo ?? s.cwd ?? '?'}${s.branch ? `@${s.branch}` : ''}`;
    const title = s.title ?? s.lastPrompt ?? '';
    const cutTitle = title.length > 60 ? `${title.slice(0, 59)}…` : title;
    return printable(`  ${s.sessionId}  ${(s.lastActivityAt ?? '-').slice(0, 16).replace('T', ' ')}  ${where}${cutTitle ? `  ${cutTitle}` : ''}`).trimEnd();
  });
  if (total > candidates.length) lines.push(`  … and ${total - candidates.length} more`);
  return [`${total} sessions start with ${prefix}; give more of the id:`, ...lines].join('\n');
}
