/**
 * Kap's files are its user's alone (issue #10): the data dir 0700; the event store, the read models (and
 * their -wal / -shm), the token and the link secret 0600 — created so under any umask, and made so on open
 * when they already exist with looser modes.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../ingest/token.js';
import { loadOrCreateLinkSecret } from '../web/linkSecret.js';
import { createSqliteEventStore } from './sqliteEventStore.js';
import { createSqliteReadModel } from './sqliteReadModel.js';
import { createSqliteStateStore } from './sqliteStateStore.js';
import { ensurePrivateDir, writePrivateFile, writePrivateFileAtomic } from './privateFiles.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const event = (id: string) => ({ id, type: 'Stop', data: { n: 1 } });

describe('private files', () => {
  let umask: number;
  beforeAll(() => {
    umask = process.umask(0o000);
  });
  afterAll(() => {
    process.umask(umask);
  });

  it('creates the data dir 0700 and tightens an existing one', () => {
    const root = mkdtempSync(join(tmpdir(), 'kap-private-'));
    ensurePrivateDir(join(root, 'new', 'data'));
    expect(mode(join(root, 'new', 'data'))).toBe(0o700);
    const loose = join(root, 'loose');
    mkdirSync(loose, { mode: 0o777 });
    chmodSync(loose, 0o777);
    ensurePrivateDir(loose);
    expect(mode(loose)).toBe(0o700);
  });

  it('writes files 0600, tightening one that was looser, in place or atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-private-'));
    const file = join(dir, 'f');
    writeFileSync(file, 'x', { mode: 0o644 });
    writePrivateFile(file, 'secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const atomic = join(dir, 'g');
    writeFileSync(atomic, 'x', { mode: 0o644 });
    writePrivateFileAtomic(atomic, 'secret');
    expect([statSync(atomic).mode & 0o777, readFileSync(atomic, 'utf8')]).toEqual([0o600, 'secret']);
  });

  it('creates every file 0600 under a permissive umask', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kap-private-')), 'data');
    const store = createSqliteEventStore({ path: join(dir, 'events.db') });
    await store.append('session-a', [event('00000000-0000-4000-8000-000000000001')]);
    const readModel = createSqliteReadModel({ path: join(dir, 'readmodels.db') });
    await readModel.commit([], { name: 'x', position: { commit: 1n, prepare: 1n } });
    loadOrCreateToken(dir);
    loadOrCreateLinkSecret(dir);
    for (const file of ['events.db', 'events.db-wal', 'events.db-shm', 'readmodels.db', 'readmodels.db-wal', 'readmodels.db-shm', 'token', 'link-secret']) {
      expect({ file, mode: mode(join(dir, file)).toString(8) }).toEqual({ file, mode: '600' });
    }
    await store.close();
    await readModel.close();
  });

  it('tightens existing files with looser modes when it opens them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-private-'));
    const files = ['events.db', 'events.db-wal', 'events.db-shm', 'readmodels.db', 'readmodels.db-wal', 'readmodels.db-shm'];
    // Real databases first (a -wal / -shm must belong to its database), then loosened.
    const first = createSqliteEventStore({ path: join(dir, 'events.db') });
    await first.append('session-a', [event('00000000-0000-4000-8000-000000000002')]);
    const firstModel = createSqliteReadModel({ path: join(dir, 'readmodels.db') });
    await firstModel.commit([], { name: 'x', position: { commit: 1n, prepare: 1n } });
    writeFileSync(join(dir, 'token'), 'a-token-from-before\n', { mode: 0o644 });
    writeFileSync(join(dir, 'link-secret'), `${'s'.repeat(40)}\n`, { mode: 0o644 });
    for (const file of [...files, 'token', 'link-secret']) chmodSync(join(dir, file), 0o644);

    const store = createSqliteEventStore({ path: join(dir, 'events.db') });
    const readModel = createSqliteReadModel({ path: join(dir, 'readmodels.db') });
    const timelines = createSqliteStateStore({ path: join(dir, 'readmodels.db'), kind: 't', sessionIdOf: () => 'a' });
    expect(loadOrCreateToken(dir)).toBe('a-token-from-before');
    expect(loadOrCreateLinkSecret(dir)).toBe('s'.repeat(40));
    for (const file of [...files, 'token', 'link-secret']) {
      expect({ file, mode: mode(join(dir, file)).toString(8) }).toEqual({ file, mode: '600' });
    }
    for (const closable of [first, firstModel, store, readModel, timelines]) await closable.close();
  });
});
