import { describe, expect, it } from 'vitest';
import { HOSTED_SESSION_STARTED, SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import { initialSessionState, sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import type { JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { createOwnerDirectory } from './ownerDirectory.js';
import type { IdentityLinks } from './identityLinks.js';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, MEMBER, OWNER, OWNER_EMAIL, readRuleContract, SHARED_CHANNEL, STRANGER } from './readRule.contract.js';
import type { ContractReader } from './readRule.contract.js';
import { ownerIdentity } from './sessionAccess.js';
import { createSessionGate } from './sessionGate.js';
import type { SessionGate } from './sessionGate.js';
import { createVisibilityPolicy } from './visibilityPolicy.js';
import type { Visibility } from './visibility.js';

let n = 0;
function event(sessionId: string, type: string, data: JsonObject, metadata: JsonObject = {}): RecordedEvent {
  n += 1;
  return { id: `e${n}`, type, streamName: `session-${sessionId}`, revision: BigInt(n), position: { commit: BigInt(n), prepare: BigInt(n) }, data, metadata, created: new Date('2026-11-20T09:00:00Z') };
}

function fold(sessionId: string, events: RecordedEvent[]): SessionFoldState {
  return sessionSummaryProjection.fold(initialSessionState(sessionId), events);
}

const noLinks: IdentityLinks = { request: async () => ({ code: '', expiresAt: new Date() }), redeem: async () => ({ ok: true, slackUserId: '' }), links: async () => new Map() };

function world(defaultVisibility: Visibility = 'channel', linked = new Map<string, string>()) {
  const states = new Map<string, SessionFoldState>();
  const gate = createSessionGate({
    readModel: { get: async (id) => states.get(id) },
    policy: createVisibilityPolicy(defaultVisibility, [{ match: 'acme/secret-*', visibility: 'private' }]),
    owners: createOwnerDirectory({
      links: { ...noLinks, links: async () => linked },
      slackUserOfEmail: async (email) => Object.entries(CONTRACT_USERS).find(([, e]) => e === email)?.[0] ?? null,
    }),
    membership: { isMember: async (channel, userId) => CONTRACT_MEMBERS[channel]?.includes(userId) ?? false },
  });
  return { states, gate };
}

const hook = (sessionId: string, gitUser: string, repo = 'acme/payments-api') =>
  event(sessionId, 'UserPromptSubmit', { session_id: sessionId, hook_event_name: 'UserPromptSubmit', prompt: 'hi' }, { source: 'hook', gitUser, repo, host: 'dana-mbp', osUser: 'dana', observedAt: '2026-11-20T09:00:00Z' });

async function reads(gate: SessionGate, sessionId: string, reader: ContractReader): Promise<boolean> {
  return (await gate.read(sessionId, reader)).kind === 'allowed';
}

describe('the read rule through the gate', () => {
  const { states, gate } = world();
  readRuleContract('gate', () => ({
    readers: ['person', 'channel'],
    async setUp(visibility) {
      const id = `contract-${visibility}-${n}`;
      states.set(
        id,
        fold(id, [
          hook(id, `Dana Reyes <${OWNER_EMAIL}>`),
          event(id, SESSION_VISIBILITY_CHANGED, { channel: SHARED_CHANNEL, by: OWNER }),
          event(id, SESSION_VISIBILITY_CHANGED, { user: FRIEND, by: OWNER }),
          event(id, SESSION_VISIBILITY_CHANGED, { visibility, by: OWNER }),
        ]),
      );
      return id;
    },
    reads: (id, reader) => reads(gate, id, reader),
  }));
});

describe('defaults, owners and steering', () => {
  it('a session with no visibility event has the default of its repository, and the narrowest while its repository is unknown', async () => {
    const { states, gate } = world('workspace');
    states.set('open', fold('open', [hook('open', `Dana <${OWNER_EMAIL}>`)]));
    states.set('secret', fold('secret', [hook('secret', `Dana <${OWNER_EMAIL}>`, 'acme/secret-plans')]));
    states.set('unknown', fold('unknown', [event('unknown', 'TranscriptLine', { type: 'user' }, { source: 'transcript' })]));
    expect(await reads(gate, 'open', { kind: 'person', userId: STRANGER })).toBe(true);
    expect(await reads(gate, 'secret', { kind: 'person', userId: STRANGER })).toBe(false);
    expect(await reads(gate, 'secret', { kind: 'person', userId: OWNER })).toBe(true);
    expect((await gate.read('unknown', { kind: 'token' })).kind === 'allowed' && (await gate.accessOf(states.get('unknown')!.summary)).visibility).toBe('private');
  });

  it('an identity link resolves an owner whose git email Slack does not know', async () => {
    const { states, gate } = world('private', new Map([['os:dana@dana-mbp', MEMBER]]));
    states.set('s', fold('s', [hook('s', 'Dana <dana@home.example>')]));
    expect(await reads(gate, 's', { kind: 'person', userId: MEMBER })).toBe(true);
    expect(await reads(gate, 's', { kind: 'person', userId: OWNER })).toBe(false);
  });

  it('a hosted session is owned by who started it; steering needs the owner, a person they added, or a channel they opened it to', async () => {
    const { states, gate } = world('channel');
    const ran = hook('h', `Dana <${OWNER_EMAIL}>`);
    const started = event('h', HOSTED_SESSION_STARTED, { by: MEMBER, channel: 'CHOST', threadTs: '1.2', continued: false });
    states.set('h', fold('h', [ran, started]));
    const summary = states.get('h')!.summary;
    expect(await gate.steer(summary, { kind: 'person', userId: MEMBER }, 'CHOST')).toBe(true);
    expect(await gate.steer(summary, { kind: 'person', userId: OWNER }, 'CHOST')).toBe(false);
    expect(await reads(gate, 'h', { kind: 'channel', channel: 'CHOST' })).toBe(true);
    states.set('h', fold('h', [ran, started, event('h', SESSION_VISIBILITY_CHANGED, { channel: 'CHOST', steer: true, by: MEMBER })]));
    expect(await gate.steer(states.get('h')!.summary, { kind: 'person', userId: STRANGER }, 'CHOST')).toBe(true);
    expect(await gate.steer(states.get('h')!.summary, { kind: 'person', userId: STRANGER }, 'COTHER')).toBe(false);
    expect(await gate.mayChangeVisibility(states.get('h')!.summary, { kind: 'person', userId: OWNER })).toBe(false);
    expect(await gate.mayChangeVisibility(states.get('h')!.summary, { kind: 'person', userId: MEMBER })).toBe(true);
  });

  it('hiding takes back every share', async () => {
    const { states, gate } = world('channel');
    states.set('x', fold('x', [hook('x', `Dana <${OWNER_EMAIL}>`), event('x', SESSION_VISIBILITY_CHANGED, { channel: SHARED_CHANNEL, user: FRIEND, by: OWNER }), event('x', SESSION_VISIBILITY_CHANGED, { visibility: 'private', clear: true, by: OWNER })]));
    expect(await reads(gate, 'x', { kind: 'person', userId: FRIEND })).toBe(false);
    expect(await reads(gate, 'x', { kind: 'person', userId: OWNER })).toBe(true);
  });

  it('reads the owner from the git user however it is written', () => {
    const summary = (user: string | null) => ({ ...initialSessionState('s').summary, user });
    expect(ownerIdentity(summary('Dana Reyes <Dana@Acme.dev>'))).toMatchObject({ email: 'dana@acme.dev', name: 'Dana Reyes' });
    expect(ownerIdentity(summary('dana@acme.dev'))).toMatchObject({ email: 'dana@acme.dev', name: null });
    expect(ownerIdentity(summary('Dana'))).toMatchObject({ email: null, name: 'Dana' });
    expect(ownerIdentity(summary(null))).toMatchObject({ email: null, name: null });
  });
});
