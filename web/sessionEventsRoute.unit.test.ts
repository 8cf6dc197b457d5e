/**
 * Feed changes → live status events for one reader (the index's dots): only summary commits of sessions the
 * gate lets the reader read and that pass the page's filters; the gate's answer is reused for a while and
 * asked again after it (a session made private stops showing).
 */
import { describe, expect, it } from 'vitest';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { DANA, foldSession, gateOver, LEE, TEAM } from '../test/support/usageWorld.js';
import { ANSWER_TTL_MS, statusEventsFor } from './sessionEventsRoute.js';

function world() {
  const states = new Map<string, SessionFoldState>([
    ['shared', foldSession({ id: 'shared', email: 'dana@acme.dev', repo: 'acme/app', at: '2026-12-01T10:00:00Z', usage: {}, visibility: [{ channel: TEAM, by: DANA }] })],
    ['private', foldSession({ id: 'private', email: 'dana@acme.dev', repo: 'acme/app', at: '2026-12-01T10:00:00Z', usage: {}, visibility: [{ visibility: 'private', by: DANA }] })],
  ]);
  let ms = 0;
  const deps = { readModel: { get: async (id: string) => states.get(id) }, gate: gateOver(states), clock: () => ms };
  return { states, deps, advance: (by: number) => (ms += by) };
}

const change = (sessionId: string, projection: 'session-summary' | 'session-timeline' = 'session-summary') => ({ sessionId, projection, revision: 1 });

describe('live status events', () => {
  it('carry readable sessions only, and only summary commits', async () => {
    const { deps } = world();
    const next = statusEventsFor(deps, { kind: 'person', userId: LEE }, {});
    expect(await next(change('shared'))).toMatchObject({ sessionId: 'shared', status: 'running', statusText: 'running', lastActivityAt: '2026-12-01T10:00:00.000Z', lastActivityText: '2026-12-01 10:00 UTC' });
    expect(await next(change('private'))).toBeUndefined();
    expect(await next(change('shared', 'session-timeline'))).toBeUndefined();
    expect(await next(change('nobody-knows'))).toBeUndefined();
    const owner = statusEventsFor(deps, { kind: 'person', userId: DANA }, {});
    expect(await owner(change('private'))).toMatchObject({ sessionId: 'private' });
  });

  it('apply the page\'s repository and person filters', async () => {
    const { deps } = world();
    const reader = { kind: 'person' as const, userId: DANA };
    expect(await statusEventsFor(deps, reader, { repo: 'ACME/APP' })(change('shared'))).toBeDefined();
    expect(await statusEventsFor(deps, reader, { repo: 'acme/web' })(change('shared'))).toBeUndefined();
    expect(await statusEventsFor(deps, reader, { person: DANA })(change('shared'))).toBeDefined();
    expect(await statusEventsFor(deps, reader, { person: LEE })(change('shared'))).toBeUndefined();
  });

  it('ask the gate again once its answer is older than the cache time', async () => {
    const { states, deps, advance } = world();
    const next = statusEventsFor(deps, { kind: 'person', userId: LEE }, {});
    expect(await next(change('shared'))).toBeDefined();
    // Dana makes it private.
    const hidden = sessionSummaryProjection.fold(states.get('shared')!, [{ id: 'v', type: SESSION_VISIBILITY_CHANGED, streamName: 'session-shared', revision: 99n, position: { commit: 99n, prepare: 99n }, data: { visibility: 'private', by: DANA }, metadata: {}, created: new Date() }]);
    states.set('shared', hidden);
    advance(ANSWER_TTL_MS - 1);
    expect(await next(change('shared'))).toBeDefined();
    advance(1);
    expect(await next(change('shared'))).toBeUndefined();
  });
});
