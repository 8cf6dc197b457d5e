/**
 * The gate every read of a session goes through: it loads the summary, resolves its owner and default
 * visibility, and asks the rule (sessionAccess.ts). Surfaces hold a gate, never the rule's inputs.
 *
 *   read(id, reader)     → unknown | refused (with the access facts, for a lock card) | allowed
 *   steer(summary, …)    → whether a person may steer its hosted thread
 */
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { OwnerDirectory } from './ownerDirectory.js';
import { accessOf, canChangeVisibility, canRead, canSteer } from './sessionAccess.js';
import type { ChannelMembership, Reader, SessionAccess } from './sessionAccess.js';
import type { VisibilityPolicy } from './visibilityPolicy.js';
import type { Visibility } from './visibility.js';

export type GateAnswer =
  | { kind: 'unknown' }
  | { kind: 'refused'; summary: SessionSummary; access: SessionAccess }
  | { kind: 'allowed'; summary: SessionSummary; access: SessionAccess };

export interface SessionGate {
  /** The session `sessionId` as `reader` may see it. */
  read(sessionId: string, reader: Reader): Promise<GateAnswer>;
  /** Whether every reader in `readers` may read the summary (e.g. the person asking and the channel answered in). */
  allows(summary: SessionSummary, readers: readonly Reader[]): Promise<boolean>;
  /** The access facts of a summary (owner resolved, effective visibility). */
  accessOf(summary: SessionSummary): Promise<SessionAccess>;
  /** The effective visibility alone (no owner resolution, no Slack call): for lists. */
  visibilityOf(summary: SessionSummary): Visibility;
  /** Whether `reader` may steer the hosted session whose thread is in `threadChannel`. */
  steer(summary: SessionSummary, reader: Reader, threadChannel: string | undefined): Promise<boolean>;
  /** Whether `reader` may share or hide the session. */
  mayChangeVisibility(summary: SessionSummary, reader: Reader): Promise<boolean>;
}

export interface SessionGateDeps {
  readModel: Pick<SessionReadModel, 'get'>;
  policy: VisibilityPolicy;
  owners: OwnerDirectory;
  membership: ChannelMembership;
}

export function createSessionGate(deps: SessionGateDeps): SessionGate {
  const access = async (summary: SessionSummary) => accessOf(summary, await deps.owners.ownerOf(summary), deps.policy.defaultFor(summary.repo));
  const allows = async (summary: SessionSummary, readers: readonly Reader[]) => {
    const facts = await access(summary);
    for (const reader of readers) if (!(await canRead(facts, reader, deps.membership))) return false;
    return true;
  };
  return {
    async read(sessionId, reader) {
      const summary = (await deps.readModel.get(sessionId))?.summary;
      if (!summary) return { kind: 'unknown' };
      const facts = await access(summary);
      return (await canRead(facts, reader, deps.membership)) ? { kind: 'allowed', summary, access: facts } : { kind: 'refused', summary, access: facts };
    },
    allows,
    accessOf: access,
    visibilityOf: (summary) => summary.visibility ?? deps.policy.defaultFor(summary.repo),
    async steer(summary, reader, threadChannel) {
      return canSteer(await access(summary), reader, threadChannel);
    },
    async mayChangeVisibility(summary, reader) {
      return canChangeVisibility(await access(summary), reader);
    },
  };
}
