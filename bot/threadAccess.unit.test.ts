import { describe, expect, it } from 'vitest';
import type { SessionGate } from '../access/sessionGate.js';
import type { SessionAccess } from '../access/sessionAccess.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { HostedSession } from '../stores/hostedSessions.js';
import { threadPermission } from './threadAccess.js';

const session: HostedSession = { threadKey: 'C0TEAM/1.2', channel: 'C0TEAM', threadTs: '1.2', sessionId: null, repo: 'web', branch: 'main', cwd: '/w', startedBy: 'U0DANA', startedAt: '2026-12-01T00:00:00Z', paused: false };
const state = initialSessionState('s-1');
const facts: SessionAccess = { sessionId: 's-1', owner: { slackUserId: 'U0DANA', email: null, osUser: null, host: null, name: null }, visibility: 'private', visibilitySet: true, channels: [], steerChannels: [], users: [] };

/** A gate whose steer and read answers are given; records what it was asked. */
function gate(steer: boolean, read: boolean, asked: unknown[] = []): SessionGate {
  return {
    read: async () => ({ kind: 'unknown' }),
    allows: async (_s, readers) => (asked.push(['allows', readers]), read),
    accessOf: async () => facts,
    visibilityOf: () => facts.visibility,
    steer: async (_s, reader, channel) => (asked.push(['steer', reader, channel]), steer),
    mayChangeVisibility: async () => false,
  };
}

describe('who may act in a hosted thread', () => {
  it('before the session has a summary: only who started it', async () => {
    const deps = { gate: gate(true, true), readModel: { get: async () => undefined } };
    expect(await threadPermission(deps, session, 'U0DANA', 'steer')).toEqual({ ok: true });
    expect(await threadPermission(deps, session, 'U0JO', 'steer')).toMatchObject({ ok: false, text: expect.stringContaining('<@U0DANA>, who started this session') });
  });

  it('then the steer rule for the thread\'s channel, or the read rule for the person and the channel', async () => {
    const asked: unknown[] = [];
    const deps = { gate: gate(false, true, asked), readModel: { get: async () => state } };
    const running = { ...session, sessionId: 's-1' };
    const refused = await threadPermission(deps, running, 'U0JO', 'steer');
    expect(refused).toMatchObject({ ok: false, text: expect.stringContaining('Only <@U0DANA> and the people they added') });
    expect((refused as { text: string }).text).toContain('/kap share s-1 #channel');
    expect(await threadPermission(deps, running, 'U0JO', 'read')).toEqual({ ok: true });
    expect(asked).toEqual([
      ['steer', { kind: 'person', userId: 'U0JO' }, 'C0TEAM'],
      ['allows', [{ kind: 'person', userId: 'U0JO' }, { kind: 'channel', channel: 'C0TEAM' }]],
    ]);
  });
});
