import { describe, expect, it } from 'vitest';
import { initialSessionState } from './sessionSummary.js';
import { foldHostedStart, foldVisibilityChange, MAX_SHARES } from './sessionAccessFold.js';

const fresh = () => structuredClone(initialSessionState('s').summary);

describe('access fields of the summary', () => {
  it('ignores a bad visibility and bad ids, keeps the rest of the change', () => {
    const s = fresh();
    foldVisibilityChange(s, { visibility: 'everyone', channel: 42, user: '__proto__', by: 'U1' });
    expect(s.visibility).toBeNull();
    expect(s.sharedWith).toEqual({ channels: [], steerChannels: [], users: ['__proto__'] });
  });

  it('keeps the newest MAX_SHARES channels, once each; steer only when asked', () => {
    const s = fresh();
    for (let i = 0; i < MAX_SHARES + 5; i++) foldVisibilityChange(s, { channel: `C${i}`, steer: i % 2 === 0 });
    foldVisibilityChange(s, { channel: `C${MAX_SHARES + 4}` });
    expect(s.sharedWith?.channels).toHaveLength(MAX_SHARES);
    expect(s.sharedWith?.channels[0]).toBe('C5');
    expect(s.sharedWith?.steerChannels.every((c) => Number(c.slice(1)) % 2 === 0)).toBe(true);
  });

  it('hide clears every share before applying the rest', () => {
    const s = fresh();
    foldVisibilityChange(s, { channel: 'C1', user: 'U2', steer: true, visibility: 'workspace' });
    foldVisibilityChange(s, { visibility: 'private', clear: true });
    expect(s.visibility).toBe('private');
    expect(s.sharedWith).toEqual({ channels: [], steerChannels: [], users: [] });
  });

  it('the first hosted start names the owner and makes it `channel`; a continued session keeps its owner and visibility; the thread channel reads', () => {
    const s = fresh();
    foldHostedStart(s, { by: 'UCONT', channel: 'C1', continued: true });
    expect(s.hostedBy).toBeNull();
    expect(s.visibility).toBeNull();
    foldHostedStart(s, { by: 'USTART', channel: 'C2', continued: false });
    foldHostedStart(s, { by: 'ULATER', channel: 'C2', continued: false });
    expect(s.hostedBy).toBe('USTART');
    expect(s.visibility).toBe('channel');
    expect(s.sharedWith?.channels).toEqual(['C1', 'C2']);
    expect(s.sharedWith?.steerChannels).toEqual([]);
  });
});

describe('a hosted session someone already hid', () => {
  it('stays private when a start lands after the hide', () => {
    const s = fresh();
    foldVisibilityChange(s, { visibility: 'private', clear: true });
    foldHostedStart(s, { by: 'USTART', channel: 'C2', continued: false });
    expect(s.visibility).toBe('private');
  });

  it('a hosted start marks the session hosted and names its configured repository, unless the collector named one', () => {
    const s = fresh();
    foldHostedStart(s, { by: 'U1', channel: 'C1', repo: 'web', continued: false });
    expect([s.hosted, s.repo]).toEqual([true, 'web']);
    const named = { ...fresh(), repo: 'acme/web' };
    foldHostedStart(named, { by: 'U1', channel: 'C1', repo: 'web', continued: true });
    expect([named.hosted, named.repo]).toEqual([true, 'acme/web']);
    const bad = fresh();
    foldHostedStart(bad, { by: 'U1', channel: 'C1', repo: 42 });
    expect(bad.repo).toBeNull();
  });
});
