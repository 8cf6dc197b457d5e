/**
 * The sessions a web reader may see, for the pages that list many (the index, team usage, the live status
 * stream): the read model's summaries, each asked of the access gate with the one read rule
 * (access/sessionGate.ts `allows`, the same rule `GET /s/:id` and `/kap usage` ask), with its owner as a
 * person the pages can group and filter by.
 *
 * Without an access model (tests of the routes alone) every reader is local and reads everything.
 */
import { readableSummaries } from '../access/readableSummaries.js';
import type { SessionGate } from '../access/sessionGate.js';
import { accessOf, ownerIdentity } from '../access/sessionAccess.js';
import type { Reader, SessionOwner } from '../access/sessionAccess.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

/** How many of the most recent sessions the list pages read (the read model's `list` has no paging). */
export const LISTED_SESSION_LIMIT = 10_000;

/** A session's owner as the pages show it. */
export interface Person {
  /** Stable key for grouping and the `person` filter: the Slack user id, else the git email, else the OS user at the host, else the git name. */
  key: string;
  /** What the page shows: the git name, else the email, else the key. */
  label: string;
}

export interface VisibleSession {
  summary: SessionSummary;
  person: Person;
}

export interface VisibleSessionsDeps {
  readModel: Pick<SessionReadModel, 'list' | 'get'>;
  gate?: ListGate | undefined;
}

export const UNKNOWN_PERSON: Person = { key: 'unknown', label: 'unknown' };

/** The person of a resolved owner (module comment of `Person`). */
export function personOf(owner: Omit<SessionOwner, 'slackUserId'> & { slackUserId: string | null }): Person {
  const atHost = owner.osUser !== null ? (owner.host !== null ? `${owner.osUser}@${owner.host}` : owner.osUser) : null;
  const key = owner.slackUserId ?? owner.email ?? atHost ?? owner.name;
  if (key === null) return UNKNOWN_PERSON;
  return { key, label: owner.name ?? owner.email ?? key };
}

export type ListGate = Pick<SessionGate, 'allows' | 'accessOf'>;

/**
 * The gate, or without an access model the local user's (every session readable, owners as the summary
 * names them, no Slack user).
 */
export function listGate(gate: ListGate | undefined): ListGate {
  return gate ?? {
    allows: async () => true,
    accessOf: async (summary) => accessOf(summary, { ...ownerIdentity(summary), slackUserId: null }, 'private'),
  };
}

/**
 * The summaries `reader` may read, most recent activity first (of the newest `LISTED_SESSION_LIMIT`),
 * with their owners. Asks the gate a few dozen sessions at a time (access/readableSummaries.ts).
 */
export async function visibleSessions(deps: VisibleSessionsDeps, reader: Reader): Promise<VisibleSession[]> {
  const summaries = await deps.readModel.list({ limit: LISTED_SESSION_LIMIT });
  const gate = listGate(deps.gate);
  const readable = await readableSummaries(gate, summaries, [reader]);
  // Owners were resolved (and cached) by the gate's answers above: reading them again is cheap.
  const visible: VisibleSession[] = [];
  for (const summary of readable) visible.push({ summary, person: personOf((await gate.accessOf(summary)).owner) });
  return visible;
}
