/**
 * The read rule's contract (access/sessionAccess.ts), as a table every surface must agree with: the rule
 * itself, the web page, Slack unfurls, `/kap recap`. A surface runs `readRuleContract` with a function that
 * sets the case's session up its own way (events through its stores) and says whether the reader got it.
 *
 * The world of every case: OWNER ran the session (git email OWNER_EMAIL, which Slack knows as OWNER's). It
 * was shared with FRIEND, and in SHARED_CHANNEL, whose members are OWNER and MEMBER. STRANGER is in the
 * workspace and in no channel of the session; OTHER_CHANNEL is a channel it was never shared in.
 */
import { describe, expect, it } from 'vitest';
import type { Visibility } from './visibility.js';

export const OWNER = 'UOWNER0001';
export const FRIEND = 'UFRIEND001';
export const MEMBER = 'UMEMBER001';
export const STRANGER = 'USTRANGER1';
export const OWNER_EMAIL = 'dana@acme.dev';
export const SHARED_CHANNEL = 'CSHARED001';
export const OTHER_CHANNEL = 'COTHER0001';

/** Slack user id → profile email, and channel → members, for a Slack stand-in of this world. */
export const CONTRACT_USERS: Record<string, string> = {
  [OWNER]: OWNER_EMAIL,
  [FRIEND]: 'friend@acme.dev',
  [MEMBER]: 'member@acme.dev',
  [STRANGER]: 'stranger@acme.dev',
};
export const CONTRACT_MEMBERS: Record<string, string[]> = {
  [SHARED_CHANNEL]: [OWNER, MEMBER],
  [OTHER_CHANNEL]: [OWNER, FRIEND, MEMBER, STRANGER],
};

export type ContractReader = { kind: 'person'; userId: string } | { kind: 'channel'; channel: string };

export interface ReadRuleCase {
  visibility: Visibility;
  reader: ContractReader;
  allowed: boolean;
}

const people = [OWNER, FRIEND, MEMBER, STRANGER] as const;
const channels = [SHARED_CHANNEL, OTHER_CHANNEL] as const;

/** What each reader may do, by visibility: the rule's truth table. */
const EXPECTED: Record<Visibility, { people: Record<string, boolean>; channels: Record<string, boolean> }> = {
  private: { people: { [OWNER]: true, [FRIEND]: true, [MEMBER]: false, [STRANGER]: false }, channels: { [SHARED_CHANNEL]: false, [OTHER_CHANNEL]: false } },
  channel: { people: { [OWNER]: true, [FRIEND]: true, [MEMBER]: true, [STRANGER]: false }, channels: { [SHARED_CHANNEL]: true, [OTHER_CHANNEL]: false } },
  workspace: { people: { [OWNER]: true, [FRIEND]: true, [MEMBER]: true, [STRANGER]: true }, channels: { [SHARED_CHANNEL]: true, [OTHER_CHANNEL]: true } },
};

export const READ_RULE_CASES: readonly ReadRuleCase[] = (['private', 'channel', 'workspace'] as const).flatMap((visibility) => [
  ...people.map((userId) => ({ visibility, reader: { kind: 'person' as const, userId }, allowed: EXPECTED[visibility].people[userId]! })),
  ...channels.map((channel) => ({ visibility, reader: { kind: 'channel' as const, channel }, allowed: EXPECTED[visibility].channels[channel]! })),
]);

export interface ReadRuleSurface {
  /** The reader kinds this surface serves (a web page has no channel reader). */
  readers: ReadonlyArray<ContractReader['kind']>;
  /**
   * Sets up a session of `visibility`, owned by OWNER, shared with FRIEND and in SHARED_CHANNEL (however the
   * surface records that), and resolves its id.
   */
  setUp(visibility: Visibility): Promise<string>;
  /** Whether `reader` got the session's content through this surface. */
  reads(sessionId: string, reader: ContractReader): Promise<boolean>;
}

const describeReader = (r: ContractReader) => (r.kind === 'person' ? `person ${r.userId}` : `channel ${r.channel}`);

/** Runs the table against a surface. `surface` is asked for lazily (it may need a server started in beforeAll). */
export function readRuleContract(name: string, surface: () => ReadRuleSurface): void {
  describe(`read rule contract: ${name}`, () => {
    for (const visibility of ['private', 'channel', 'workspace'] as const) {
      it(`${visibility}: every reader gets what the rule says`, async () => {
        const s = surface();
        const sessionId = await s.setUp(visibility);
        const cases = READ_RULE_CASES.filter((c) => c.visibility === visibility && s.readers.includes(c.reader.kind));
        expect(cases.length).toBeGreaterThan(0);
        const got: string[] = [];
        const want: string[] = [];
        for (const c of cases) {
          got.push(`${describeReader(c.reader)}: ${(await s.reads(sessionId, c.reader)) ? 'reads' : 'refused'}`);
          want.push(`${describeReader(c.reader)}: ${c.allowed ? 'reads' : 'refused'}`);
        }
        expect(got).toEqual(want);
      });
    }
  });
}
