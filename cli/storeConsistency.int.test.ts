/**
 * A Kap whose event store lost its events while the read models still list sessions starts, logs the
 * problem and answers `/healthz` as degraded with the reason (issue #10); a whole one answers ok.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';

const SESSION = '3c0c2a52-0d7e-4d0e-9a3e-0123456789ab';

describe('kap serve with a store that lost its events', () => {
  it('reports degraded on /healthz, with the reason', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-lost-'));
    const first = await startKapForTest(dataDir);
    const response = await fetch(`${first.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
      body: JSON.stringify({ sessionId: SESSION, items: [{ kind: 'hook', observedAt: '2026-01-01T00:00:00Z', payload: { session_id: SESSION, hook_event_name: 'SessionStart', cwd: '/w' } }] }),
    });
    expect(response.status).toBe(200);
    await first.settled([SESSION]);
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ ok: true });
    await first.close();

    for (const file of ['events.db', 'events.db-wal', 'events.db-shm']) rmSync(join(dataDir, file), { force: true });
    const second = await startKapForTest(dataDir);
    try {
      const health = await fetch(`${second.url}/healthz`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { ok: boolean; status: string; problems: Array<{ code: string; message: string }> };
      expect(body).toMatchObject({ ok: false, status: 'degraded' });
      // One per projection checkpoint: summaries, timelines, search documents.
      expect(body.problems.map((p) => p.code).sort()).toEqual(['CHECKPOINT_AHEAD_OF_STORE', 'CHECKPOINT_AHEAD_OF_STORE', 'CHECKPOINT_AHEAD_OF_STORE', 'SESSION_STREAMS_MISSING']);
      expect(body.problems.find((p) => p.code === 'SESSION_STREAMS_MISSING')!.message).toContain(SESSION);
    } finally {
      await second.close();
    }
  }, 60_000);
});
