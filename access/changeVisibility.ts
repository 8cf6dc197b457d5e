/**
 * Sharing and hiding a session (`/kap share`, `/kap hide`, the "Share with #channel?" button, `kap share`):
 * the owner's decision, recorded as a `SessionVisibilityChanged` event with its author. Sharing in a
 * channel makes a private session `channel`; hiding makes it `private` and takes back every share.
 */
import { randomUUID } from 'node:crypto';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { Reader } from './sessionAccess.js';
import type { SessionGate } from './sessionGate.js';
import type { Visibility } from './visibility.js';

export type VisibilityChange =
  | { kind: 'set'; visibility: Visibility }
  /** `steer`: the channel's members may also steer its hosted thread (`/kap share #channel`), else they read. */
  | { kind: 'channel'; channel: string; steer: boolean }
  | { kind: 'person'; userId: string }
  | { kind: 'hide' };

export type ChangeOutcome =
  | { ok: true; visibility: Visibility }
  | { ok: false; code: 'UNKNOWN_SESSION' | 'NOT_OWNER'; message: string; ownerSlackUserId?: string | null };

export interface ChangeVisibilityDeps {
  store: EventStore;
  gate: SessionGate;
  now: () => Date;
}

/**
 * Applies `change` to the session for `reader` (who must own it: sessionAccess.ts `canChangeVisibility`).
 * `by` is the author recorded: a Slack user id, or `local:<os user>`.
 */
export async function changeVisibility(deps: ChangeVisibilityDeps, sessionId: string, reader: Reader, by: string, change: VisibilityChange): Promise<ChangeOutcome> {
  const answer = await deps.gate.read(sessionId, { kind: 'token' });
  if (answer.kind === 'unknown') return { ok: false, code: 'UNKNOWN_SESSION', message: `Kap has no session \`${sessionId}\`.` };
  const { summary, access } = answer;
  if (!(await deps.gate.mayChangeVisibility(summary, reader))) {
    return { ok: false, code: 'NOT_OWNER', message: 'Only the session’s owner can share or hide it.', ownerSlackUserId: access.owner.slackUserId };
  }
  const data: Record<string, unknown> = { by, at: deps.now().toISOString() };
  let visibility = access.visibility;
  switch (change.kind) {
    case 'set':
      visibility = change.visibility;
      break;
    case 'channel':
      if (visibility === 'private') visibility = 'channel';
      data.channel = change.channel;
      data.steer = change.steer;
      break;
    case 'person':
      data.user = change.userId;
      break;
    case 'hide':
      visibility = 'private';
      data.clear = true;
      break;
  }
  data.visibility = visibility;
  // Each decision is its own event (deciding twice is recorded twice): a random id.
  await deps.store.append(sessionStream(sessionId), [{ id: randomUUID(), type: SESSION_VISIBILITY_CHANGED, data, metadata: { source: by.startsWith('local:') ? 'cli' : 'slack' } }]);
  return { ok: true, visibility };
}
