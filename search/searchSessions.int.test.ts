/**
 * Search asks the access gate for every session it searches (the one read rule, access/sessionGate.ts): a
 * person finds only what they may read, the token holder everything; the session filters come from the
 * summaries. Real SQLite read model and FTS5 index; the owner directory and channel membership are fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionGate } from '../access/sessionGate.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import { createVisibilityPolicy } from '../access/visibilityPolicy.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { createSqliteSearchIndex } from '../stores/sqliteSearchIndex.js';
import { transcriptEvents, userLine } from '../stores/searchIndex.contract.js';
import { foldSearchDocs, initialSearchState } from './searchDocs.js';
import type { SearchIndex } from './searchIndex.js';
import { parseSearchQuery } from './searchQuery.js';
import { searchSessions } from './searchSessions.js';

const OWNERS = new Map([
  ['dana-private', 'U_DANA'],
  ['dana-workspace', 'U_DANA'],
  ['lee-private', 'U_LEE'],
  ['lee-channel', 'U_LEE'],
]);

describe('searchSessions and the access gate', () => {
  let readModel: SessionReadModel;
  let index: SearchIndex;
  const gate = () =>
    createSessionGate({
      readModel,
      policy: createVisibilityPolicy('private'),
      owners: {
        ownerOf: async (s: SessionSummary) => ({ slackUserId: OWNERS.get(s.sessionId) ?? null, email: null, osUser: null, host: null, name: s.sessionId.startsWith('dana') ? 'Dana Reyes' : 'Lee Park' }),
      },
      membership: { isMember: async (channel, userId) => channel === 'C_TEAM' && userId === 'U_DANA' },
    });

  beforeAll(async () => {
    readModel = createSqliteReadModel({ path: ':memory:' });
    index = createSqliteSearchIndex({ path: ':memory:' });
    const summary = (id: string, extra: Partial<SessionSummary>) => {
      const s = initialSessionState(id);
      return { ...s, summary: { ...s.summary, repo: 'acme/web', lastActivityAt: '2026-03-01T10:00:00.000Z', startedAt: '2026-03-01T09:00:00.000Z', ...extra } };
    };
    await readModel.commit(
      [
        summary('dana-private', { user: 'Dana Reyes <dana@acme.dev>' }),
        summary('dana-workspace', { visibility: 'workspace', status: 'running', user: 'Dana Reyes <dana@acme.dev>' }),
        summary('lee-private', { repo: 'acme/api', user: 'Lee Park <lee@acme.dev>' }),
        summary('lee-channel', { visibility: 'channel', sharedWith: { channels: ['C_TEAM'], steerChannels: [], users: [] }, startedAt: '2026-02-01T09:00:00.000Z', user: 'Lee Park <lee@acme.dev>' }),
      ],
      { name: 'session-summary', position: { commit: 1n, prepare: 1n } },
    );
    await index.commit(
      [...OWNERS.keys()].map((id) => foldSearchDocs(initialSearchState(id), transcriptEvents(id, [userLine(`the shared secret word quasar in ${id}`)]))),
      { name: 'search-docs', position: { commit: 1n, prepare: 1n } },
    );
  });
  afterAll(async () => {
    await index.close();
    await readModel.close();
  });

  const found = async (q: string, reader: Parameters<typeof searchSessions>[2]) => {
    const parsed = parseSearchQuery(q);
    if (!parsed.ok) throw new Error(parsed.message);
    return (await searchSessions({ index, readModel, gate: gate() }, parsed.query, reader)).hits.map((h) => h.sessionId).sort();
  };

  it('finds for a person only the sessions the read rule lets them read', async () => {
    expect(await found('quasar', { kind: 'person', userId: 'U_DANA' })).toEqual(['dana-private', 'dana-workspace', 'lee-channel']);
    expect(await found('quasar', { kind: 'person', userId: 'U_LEE' })).toEqual(['dana-workspace', 'lee-channel', 'lee-private']);
    expect(await found('quasar', { kind: 'person', userId: 'U_STRANGER' })).toEqual(['dana-workspace']);
  });

  it('finds everything for the token holder', async () => {
    expect(await found('quasar', { kind: 'token' })).toEqual([...OWNERS.keys()].sort());
  });

  it('applies the session filters from the summaries and the owner', async () => {
    const token = { kind: 'token' } as const;
    expect(await found('quasar repo:acme/api', token)).toEqual(['lee-private']);
    expect(await found('quasar status:running', token)).toEqual(['dana-workspace']);
    expect(await found('quasar user:u_lee', token)).toEqual(['lee-channel', 'lee-private']);
    expect(await found('quasar user:dana@acme', token)).toEqual(['dana-private', 'dana-workspace']);
    expect(await found('quasar session:lee-', token)).toEqual(['lee-channel', 'lee-private']);
    expect(await found('quasar before:2026-02-15', token)).toEqual(['lee-channel']);
    expect(await found('quasar after:2026-03-02', token)).toEqual([]);
    expect(await found('quasar user:lee session:dana', token)).toEqual([]);
  });
});
