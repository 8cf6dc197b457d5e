/**
 * The hosted-session registry contract suite: every adapter runs these tests (embedded SQLite; Redis, for
 * real, on 127.0.0.1:6379 or REDIS_URL). Each suite gets a fresh store from `open`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadKeyOf } from './hostedSessions.js';
import type { HostedSession, HostedSessionStore } from './hostedSessions.js';

function hosted(over: Partial<HostedSession> & { threadTs: string }): HostedSession {
  const channel = over.channel ?? 'C0123ABC';
  return {
    threadKey: threadKeyOf(channel, over.threadTs),
    channel,
    sessionId: null,
    repo: 'kap',
    branch: null,
    cwd: '/tmp/worktrees/kap-1',
    startedBy: 'U042',
    startedAt: '2025-06-01T10:00:00.000Z',
    paused: false,
    ...over,
  };
}

export function describeHostedSessionsContract(name: string, open: () => HostedSessionStore): void {
  describe(`HostedSessionStore contract: ${name}`, () => {
    let store: HostedSessionStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('puts and gets a record intact; an unknown thread is undefined', async () => {
      const s = hosted({ threadTs: '1717236000.000100', branch: 'main' });
      await store.put(s);
      expect(await store.get(s.threadKey)).toEqual(s);
      expect(await store.get('C0123ABC/0000000000.000000')).toBeUndefined();
    });

    it('replaces a record on a second put', async () => {
      const s = hosted({ threadTs: '1717236000.000200' });
      await store.put(s);
      const replaced = { ...s, repo: 'other', cwd: '/srv/other', paused: true };
      await store.put(replaced);
      expect(await store.get(s.threadKey)).toEqual(replaced);
    });

    it('updates fields (session id set later, paused toggled) and resolves the new record, persisted', async () => {
      const s = hosted({ threadTs: '1717236000.000300' });
      await store.put(s);
      const sessionId = randomUUID();
      const first = await store.update(s.threadKey, { sessionId, paused: true });
      expect(first).toEqual({ ...s, sessionId, paused: true });
      expect(await store.get(s.threadKey)).toEqual(first);
      const second = await store.update(s.threadKey, { paused: false, branch: 'feat/x', cwd: '/tmp/wt 2' });
      expect(second).toEqual({ ...s, sessionId, paused: false, branch: 'feat/x', cwd: '/tmp/wt 2' });
      expect(await store.get(s.threadKey)).toEqual(second);
      expect(await store.bySessionId(sessionId)).toEqual(second);
    });

    it('sets a field back to null, and leaves fields given as undefined alone', async () => {
      const s = hosted({ threadTs: '1717236000.000400', branch: 'dev', sessionId: randomUUID() });
      await store.put(s);
      expect(await store.update(s.threadKey, { branch: null, paused: undefined })).toEqual({ ...s, branch: null });
      expect(await store.update(s.threadKey, { sessionId: null })).toEqual({ ...s, branch: null, sessionId: null });
      expect(await store.bySessionId(s.sessionId!)).toBeUndefined();
    });

    it('resolves undefined for an update of an unknown thread, and creates nothing', async () => {
      expect(await store.update('C0123ABC/9999999999.999999', { paused: true })).toBeUndefined();
      expect(await store.get('C0123ABC/9999999999.999999')).toBeUndefined();
    });

    it('finds the newest thread of a session id; an unknown session id is undefined', async () => {
      const sessionId = randomUUID();
      const older = hosted({ threadTs: '1717236000.000500', sessionId, startedAt: '2025-06-01T09:00:00.000Z' });
      const newest = hosted({ channel: 'C0999', threadTs: '1717236000.000600', sessionId, startedAt: '2025-06-02T09:00:00.000Z' });
      const middle = hosted({ threadTs: '1717236000.000700', startedAt: '2025-06-01T12:00:00.000Z' });
      await store.put(older);
      await store.put(newest);
      await store.put(middle);
      expect(await store.bySessionId(sessionId)).toEqual(newest);
      await store.update(middle.threadKey, { sessionId });
      expect(await store.bySessionId(sessionId)).toEqual(newest);
      expect(await store.bySessionId(randomUUID())).toBeUndefined();
    });

    it('moves a thread between session ids when its session id changes', async () => {
      const a = randomUUID();
      const b = randomUUID();
      const s = hosted({ threadTs: '1717236000.000800', sessionId: a });
      await store.put(s);
      await store.update(s.threadKey, { sessionId: b });
      expect(await store.bySessionId(a)).toBeUndefined();
      expect((await store.bySessionId(b))?.threadKey).toBe(s.threadKey);
    });

    it('keeps odd characters intact (slashes, dots, quotes, unicode, Lua/SQL metacharacters)', async () => {
      const s = hosted({
        channel: "C/../.'\"%_*",
        threadTs: '1717236000.000900/../x.y',
        repo: 'org/repo.name',
        branch: 'feat/é✓🚀 "quoted" \\ back',
        cwd: "/tmp/wt/it's here/.kap",
        startedBy: 'U0\n42',
        sessionId: `${randomUUID()}.a/b`,
      });
      await store.put(s);
      expect(await store.get(s.threadKey)).toEqual(s);
      expect(await store.bySessionId(s.sessionId!)).toEqual(s);
      expect(await store.update(s.threadKey, { paused: true })).toEqual({ ...s, paused: true });
    });
  });
}
