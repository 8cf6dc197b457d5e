/**
 * What `GET /v1/sessions/:id` answers: the summary's fields with its access facts (access/sessionGate.ts
 * `accessOf`) beside them:
 *   owner          { slackUserId, email, osUser, host, name }: who ran it; slackUserId null when nobody resolves
 *   visibility     the effective one: the session's own, else its repository's default
 *   visibilitySet  false while it is the default
 *   sharedWith     { channels, steerChannels, users }: Slack channel and user ids
 * `kap show` prints it (cli/formatSummary.ts).
 */
import type { SessionAccess, SessionOwner } from '../access/sessionAccess.js';
import type { Visibility } from '../access/visibility.js';
import type { SessionSummary, SharedWith } from '../projections/sessionSummaryTypes.js';

export interface SessionView extends Omit<SessionSummary, 'visibility' | 'sharedWith'> {
  owner: SessionOwner;
  visibility: Visibility;
  visibilitySet: boolean;
  sharedWith: SharedWith;
}

export function sessionView(summary: SessionSummary, access: SessionAccess): SessionView {
  return {
    ...summary,
    owner: access.owner,
    visibility: access.visibility,
    visibilitySet: access.visibilitySet,
    sharedWith: { channels: [...access.channels], steerChannels: [...access.steerChannels], users: [...access.users] },
  };
}
