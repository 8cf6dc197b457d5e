import { describe, expect, it } from 'vitest';
import type { SessionOwner } from '../access/sessionAccess.js';
import type { SessionView } from '../ingest/sessionView.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import { formatAccess, formatOwner, formatSummary } from './formatSummary.js';

const owner = (parts: Partial<SessionOwner>): SessionOwner => ({ slackUserId: null, email: null, osUser: null, host: null, name: null, ...parts });
const view = (parts: Partial<SessionView>): SessionView => {
  const { visibility: _v, sharedWith: _s, ...summary } = initialSessionState('s1').summary;
  return { ...summary, owner: owner({}), visibility: 'channel', visibilitySet: false, sharedWith: { channels: [], steerChannels: [], users: [] }, ...parts };
};

describe('formatOwner', () => {
  it.each([
    [owner({ name: 'Dana Reyes', email: 'dana@acme.dev', slackUserId: 'U0123' }), 'Dana Reyes <dana@acme.dev> (U0123)'],
    [owner({ email: 'dana@acme.dev' }), 'dana@acme.dev (no Slack user)'],
    [owner({ name: 'Dana', osUser: 'dana', host: 'mbp' }), 'Dana (no Slack user)'],
    [owner({ osUser: 'dana', host: 'mbp', slackUserId: 'U9' }), 'dana@mbp (U9)'],
    [owner({}), 'unknown (no Slack user)'],
    [owner({ name: 'Evil\u001b[2J Name', email: 'e@x.dev' }), 'Evil[2J Name <e@x.dev> (no Slack user)'],
  ])('%o → %s', (o, text) => expect(formatOwner(o)).toBe(text));
});

describe('formatAccess', () => {
  it('says when the visibility is the default, and lists the shares', () => {
    expect(formatAccess(view({ owner: owner({ name: 'Dana Reyes', email: 'dana@acme.dev', slackUserId: 'U0123' }) }))).toBe('owner: Dana Reyes <dana@acme.dev> (U0123) · visibility: channel (default)');
    expect(formatAccess(view({ visibility: 'private', visibilitySet: true, sharedWith: { channels: ['C1', 'C2'], steerChannels: [], users: ['U7'] } }))).toBe(
      'owner: unknown (no Slack user) · visibility: private · shared in C1, C2 · with U7',
    );
  });

  it('is a line of `kap show` when the server sent the access facts, and absent when it did not', () => {
    expect(formatSummary(view({})).split('\n')[2]).toBe('  owner: unknown (no Slack user) · visibility: channel (default)');
    expect(formatSummary(initialSessionState('s1').summary)).not.toContain('owner:');
  });
});
