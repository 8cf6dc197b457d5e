/**
 * `kap share <session> [--workspace|--channel|--private]` and `kap hide <session>`: change who may see a
 * session through Kap's API (`POST /v1/sessions/:id/visibility`), as the OS user (recorded as
 * `local:<name>` in the `SessionVisibilityChanged` event). Prints the session's new visibility.
 * Throws `ShareUsageError` for flags that name no single visibility, `ApiError` when the server refuses
 * (e.g. `SESSION_NOT_FOUND`).
 */
import type { Visibility } from '../access/visibility.js';
import { osUserName } from '../collector/gitContext.js';
import type { KapConfig } from '../config/kapConfig.js';
import type { VisibilityChanged } from '../ingest/accessRequests.js';
import { postJson } from './apiClient.js';

export interface ShareFlags {
  workspace?: boolean;
  channel?: boolean;
  private?: boolean;
}

export class ShareUsageError extends Error {
  readonly code = 'SHARE_USAGE';
}

/** The visibility the flags name: none → `workspace`; more than one is an error. */
export function visibilityOfFlags(flags: ShareFlags): Visibility {
  const named = (['workspace', 'channel', 'private'] as const).filter((v) => flags[v] === true);
  if (named.length > 1) throw new ShareUsageError(`choose one of --workspace, --channel, --private (got ${named.map((v) => `--${v}`).join(' ')})`);
  return named[0] ?? 'workspace';
}

/** Who the CLI changes visibility as: the OS user, or `unknown` where the OS has no name for this uid. */
const author = () => osUserName() ?? 'unknown';

export async function shareCommand(config: Readonly<KapConfig>, sessionId: string, flags: ShareFlags): Promise<void> {
  const visibility = visibilityOfFlags(flags);
  const answer = await postJson<VisibilityChanged>(config, visibilityPath(sessionId), { visibility, by: author() });
  process.stdout.write(`${answer.sessionId} is now ${answer.visibility}.\n`);
}

export async function hideCommand(config: Readonly<KapConfig>, sessionId: string): Promise<void> {
  const answer = await postJson<VisibilityChanged>(config, visibilityPath(sessionId), { hide: true, by: author() });
  process.stdout.write(`${answer.sessionId} is now ${answer.visibility}: only its owner sees it, every share taken back.\n`);
}

const visibilityPath = (sessionId: string) => `/v1/sessions/${encodeURIComponent(sessionId)}/visibility`;
