/**
 * `kap sessions` and `kap show`: read session summaries from Kap's API. `kap show` prints the session as
 * `GET /v1/sessions/:id` answers it (ingest/sessionView.ts: the summary with `owner`, `visibility`,
 * `visibilitySet`, `sharedWith`); `--json` prints that object as it came.
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { SessionView } from '../ingest/sessionView.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { getJson } from './apiClient.js';
import { formatSessionLine, formatSummary } from './formatSummary.js';

export async function sessionsCommand(config: Readonly<KapConfig>, options: { repo?: string; limit: string; json?: boolean }): Promise<void> {
  const query = new URLSearchParams({ limit: options.limit, ...(options.repo ? { repo: options.repo } : {}) });
  const { sessions } = await getJson<{ sessions: SessionSummary[] }>(config, `/v1/sessions?${query.toString()}`);
  if (options.json) process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
  else process.stdout.write(sessions.length === 0 ? 'No sessions yet.\n' : `${sessions.map(formatSessionLine).join('\n')}\n`);
}

export async function showCommand(config: Readonly<KapConfig>, sessionId: string, options: { json?: boolean }): Promise<void> {
  const summary = await getJson<SessionView>(config, `/v1/sessions/${encodeURIComponent(sessionId)}`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const link = await getJson<{ url: string }>(config, `/v1/sessions/${encodeURIComponent(sessionId)}/link`).catch(() => undefined);
  process.stdout.write(`${formatSummary(summary)}\n${link ? `  page:     ${link.url}\n` : ''}`);
}
