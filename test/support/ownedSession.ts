/**
 * A session of the read-rule contract's world (access/readRule.contract.ts) posted through a test Kap's
 * ingest: run by OWNER (git email OWNER_EMAIL unless `gitUser` says otherwise), then changed by its owner.
 */
import { expect } from 'vitest';
import { changeVisibility } from '../../access/changeVisibility.js';
import type { VisibilityChange } from '../../access/changeVisibility.js';
import { FRIEND, OWNER, OWNER_EMAIL, SHARED_CHANNEL } from '../../access/readRule.contract.js';
import type { Reader } from '../../access/sessionAccess.js';
import type { Visibility } from '../../access/visibility.js';
import type { KapUnderTest } from './kapHarness.js';
import { syntheticSessionBatch } from './syntheticSession.js';

/**
 * Posts the session, applies `changes` as OWNER (as the ingest token when `gitUser` makes someone else the
 * owner), waits for the projections; resolves its id.
 */
export async function ownersSession(kap: KapUnderTest, changes: readonly VisibilityChange[], gitUser = `Dana Reyes <${OWNER_EMAIL}>`): Promise<string> {
  const by: Reader = gitUser.includes(`<${OWNER_EMAIL}>`) ? { kind: 'person', userId: OWNER } : { kind: 'token' };
  const batch = syntheticSessionBatch({ gitUser });
  const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(r.status).toBe(200);
  await kap.settled([batch.sessionId]);
  for (const change of changes) {
    const outcome = await changeVisibility({ store: kap.store, gate: kap.access.gate, now: () => new Date() }, batch.sessionId, by, OWNER, change);
    expect(outcome.ok).toBe(true);
  }
  await kap.settled([batch.sessionId]);
  return batch.sessionId;
}

/** The contract's session: shared in SHARED_CHANNEL and with FRIEND, then of `visibility`. */
export function contractSession(kap: KapUnderTest, visibility: Visibility): Promise<string> {
  return ownersSession(kap, [{ kind: 'channel', channel: SHARED_CHANNEL, steer: false }, { kind: 'person', userId: FRIEND }, { kind: 'set', visibility }]);
}
