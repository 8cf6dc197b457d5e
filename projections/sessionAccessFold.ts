/**
 * The session summary's access fields, folded from Kap's own events (see access/sessionAccess.ts for what
 * they mean): `SessionVisibilityChanged` and the owner of a hosted session (`HostedSessionStarted`).
 * Each list keeps at most MAX_SHARES entries, the newest; ids are bounded like every name a summary keeps.
 */
import { isVisibility } from '../access/visibility.js';
import type { JsonObject } from '../stores/eventStore.js';
import { boundText } from './boundedText.js';
import { sharedWithOf } from './sessionSummaryWork.js';
import type { SessionSummary } from './sessionSummaryTypes.js';

/** Channels or people one session keeps shares with. */
export const MAX_SHARES = 50;
const MAX_ID_CHARS = 200;

const id = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? boundText(v, MAX_ID_CHARS) : null);

function added(list: readonly string[], value: string | null): string[] {
  if (value === null || list.includes(value)) return [...list];
  return [...list, value].slice(-MAX_SHARES);
}

/** `{ visibility?, channel?, user?, steer?, clear? }`: a bad field is ignored, the rest applies. */
export function foldVisibilityChange(s: SessionSummary, d: JsonObject): void {
  const shared = d.clear === true ? { channels: [], steerChannels: [], users: [] } : sharedWithOf(s);
  if (isVisibility(d.visibility)) s.visibility = d.visibility;
  const channel = id(d.channel);
  shared.channels = added(shared.channels, channel);
  if (d.steer === true) shared.steerChannels = added(shared.steerChannels, channel);
  shared.users = added(shared.users, id(d.user));
  s.sharedWith = shared;
}

/**
 * `HostedSessionStarted`: whoever started a hosted session owns it, and started it in a channel, where the
 * agent answers: that channel reads it, and a new hosted session nobody has shared or hidden yet is
 * `channel` (not the repository's default: its owner chose to run it there). A continued session keeps its
 * owner and its visibility. Either way the session is now hosted (its turns' SessionEnd is not its end:
 * hookStatus.ts), and names the configured repository (`repo`, KAP_AGENT_REPOS' name) unless the collector
 * named one from the worktree's git remote (which wins when it comes, as for any session).
 */
export function foldHostedStart(s: SessionSummary, d: JsonObject): void {
  if (d.continued !== true && s.hostedBy == null) {
    s.hostedBy = id(d.by);
    s.visibility ??= 'channel';
  }
  s.hosted = true;
  s.repo ??= id(d.repo);
  const shared = sharedWithOf(s);
  shared.channels = added(shared.channels, id(d.channel));
  s.sharedWith = shared;
}
