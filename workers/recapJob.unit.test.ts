import { describe, expect, it } from 'vitest';
import { readersOf } from './recapJob.js';

describe('who reads a recap', () => {
  it('is the asker and the channel it is posted in; the asker alone in a DM; the channel alone for an auto recap', () => {
    expect(readersOf({ kind: 'recap', requestedBy: 'U0JO' }, 'C0TEAM')).toEqual([{ kind: 'person', userId: 'U0JO' }, { kind: 'channel', channel: 'C0TEAM' }]);
    expect(readersOf({ kind: 'handoff', requestedBy: 'U0JO' }, 'G0PRIV')).toEqual([{ kind: 'person', userId: 'U0JO' }, { kind: 'channel', channel: 'G0PRIV' }]);
    expect(readersOf({ kind: 'recap', requestedBy: 'U0JO' }, 'D0JO')).toEqual([{ kind: 'person', userId: 'U0JO' }]);
    expect(readersOf({ kind: 'auto', requestedBy: '' }, 'C0TEAM')).toEqual([{ kind: 'channel', channel: 'C0TEAM' }]);
  });
});
