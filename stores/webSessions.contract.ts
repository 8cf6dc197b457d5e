/**
 * The web session store contract suite: every adapter runs these tests (embedded SQLite; Redis, for real,
 * on 127.0.0.1:6379 or REDIS_URL). `open` gets the clock the store must measure expiry by, and gives the
 * store and a dump of what it holds (to check that no token is stored as such).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webSessionKey } from './webSessions.js';
import type { WebSessionStore, WebSessionUser } from './webSessions.js';

export interface OpenedWebSessions {
  store: WebSessionStore;
  /** Every key and value the store holds, as text. */
  dump(): Promise<string>;
}

const DANA: WebSessionUser = { userId: 'UDANA00001', teamId: 'T0KAP', name: 'Dana Reyes' };
const HOUR = 3_600_000;

export function describeWebSessionsContract(name: string, open: (now: () => Date) => OpenedWebSessions): void {
  describe(`WebSessionStore contract: ${name}`, () => {
    let clock = new Date();
    let opened: OpenedWebSessions;
    let store: WebSessionStore;
    beforeAll(() => {
      opened = open(() => clock);
      store = opened.store;
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates a session and finds it by its token, with its expiry', async () => {
      const token = await store.create(DANA, HOUR);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await store.get(token)).toEqual({ ...DANA, expiresAt: new Date(clock.getTime() + HOUR) });
    });

    it('gives every session its own token; a name may be null', async () => {
      const a = await store.create(DANA, HOUR);
      const b = await store.create({ userId: 'UOTHER0001', teamId: 'T0KAP', name: null }, HOUR);
      expect(a).not.toBe(b);
      expect((await store.get(a))?.userId).toBe(DANA.userId);
      expect(await store.get(b)).toMatchObject({ userId: 'UOTHER0001', name: null });
    });

    it('finds nothing for an unknown, empty or odd token', async () => {
      for (const token of ['', 'nope', 'x'.repeat(43), "' OR 1=1 --", '😀\u0000', '*', webSessionKey('x')]) expect(await store.get(token)).toBeUndefined();
    });

    it('holds the SHA-256 of the token, never the token', async () => {
      const token = await store.create(DANA, HOUR);
      const dump = await opened.dump();
      expect(dump).toContain(webSessionKey(token));
      expect(dump).not.toContain(token);
    });

    it('refuses a session once it has expired', async () => {
      const token = await store.create(DANA, 60_000);
      clock = new Date(clock.getTime() + 59_000);
      expect(await store.get(token)).toBeDefined();
      clock = new Date(clock.getTime() + 1_000);
      expect(await store.get(token)).toBeUndefined();
    });

    it('deletes a session (logout); deleting twice or an unknown token is no error', async () => {
      const token = await store.create(DANA, HOUR);
      const other = await store.create(DANA, HOUR);
      await store.delete(token);
      expect(await store.get(token)).toBeUndefined();
      await store.delete(token);
      await store.delete('never-issued');
      expect(await store.get(other)).toBeDefined();
    });

    it('keeps odd characters of a name intact', async () => {
      const odd = { userId: 'U0\n42', teamId: "T'0\"%_", name: 'Zoë "Z" O\'Brien ✓🚀 \\ <b>' };
      const token = await store.create(odd, HOUR);
      expect(await store.get(token)).toMatchObject(odd);
    });
  });
}
