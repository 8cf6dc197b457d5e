/**
 * `kap sessions` and `kap show`: read session summaries from Kap's API. `kap sessions` prints a table
 * (cli/sessionTable.ts) and, on stderr, how many more there are. `kap show` takes an id or the start of one
 * (cli/resolveSession.ts) and prints the session as `GET /v1/sessions/:id` answers it (ingest/sessionView.ts:
 * the summary with `owner`, `visibility`, `visibilitySet`, `sharedWith`) with its page link; `--json` prints
 * that object as it came, plus `pageUrl` (null when this Kap serves no pages).
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { ApiError, getJson } from './apiClient.js';
import { formatSummary } from './formatSummary.js';
import { resolveSession } from './resolveSession.js';
import { formatSessionTable, moreSessionsHint } from './sessionTable.js';

export async function sessionsCommand(config: Readonly<KapConfig>, options: { repo?: string; limit: number; json?: boolean }): Promise<void> {
  const query = new URLSearchParams({ limit: String(options.limit), ...(options.repo ? { repo: options.repo } : {}) });
  const { sessions, total } = await getJson<{ sessions: SessionSummary[]; total?: number }>(config, `/v1/sessions?${query.toString()}`);
  if (options.json) process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
  else if (sessions.length === 0) process.stdout.write(options.repo ? `No sessions in ${options.repo}.\n` : 'No sessions yet.\n');
  else process.stdout.write(`${formatSessionTable(sessions, process.stdout.isTTY ? process.stdout.columns : undefined)}\n`);
  const hint = total === undefined ? undefined : moreSessionsHint(sessions.length, total);
  if (hint) process.stderr.write(`${hint}\n`);
}

export async function showCommand(config: Readonly<KapConfig>, idOrPrefix: string, options: { json?: boolean }): Promise<void> {
  const view = await resolveSession(config, idOrPrefix);
  const pageUrl = await pageLink(config, view.sessionId);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...view, pageUrl }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatSummary(view)}\n${pageUrl ? `  page:     ${pageUrl}\n` : ''}`);
}

/** The session's signed page link (`GET /v1/sessions/:id/link`), or null when this Kap serves no pages. */
async function pageLink(config: Readonly<KapConfig>, sessionId: string): Promise<string | null> {
  try {
    return (await getJson<{ url: string }>(config, `/v1/sessions/${encodeURIComponent(sessionId)}/link`)).url;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NO_SESSION_PAGES') return null;
    throw error;
  }
}
