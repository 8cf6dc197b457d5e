/**
 * `kap sync` as a user runs it: ships the inbox and the spool now, says what it did, and exits 1 only when
 * the ingest cannot be reached and something is left.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { addToInbox, collectorPaths } from '../collector/collectorState.js';
import { spoolCount } from '../collector/spool.js';

function kapSync(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'sync'], { env: { ...process.env, ...env } }, (error, stdout) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

describe('kap sync', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  it('spools and exits 1 while the ingest is unreachable, then ships everything and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-sync-'));
    const paths = collectorPaths(dataDir);
    const session = 'c0ffee00-0000-4000-8000-000000000001';
    addToInbox(paths, new Date(Date.now() - 5_000), '1', JSON.stringify({ session_id: session, hook_event_name: 'UserPromptSubmit', prompt: 'synced' }));
    addToInbox(paths, new Date(Date.now() - 4_000), '2', '{"not":"a hook payload"}');

    const down = await kapSync({ KAP_DATA_DIR: dataDir, KAP_URL: 'http://127.0.0.1:1', KAP_TOKEN: kap.token });
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^spooled +1$/m);
    expect(down.stdout).toMatch(/^set aside 1 now, 1 in all, under .*rejected$/m);
    expect(down.stdout).toMatch(/^waiting +0 inbox entries, 1 spooled batches$/m);
    expect(down.stdout).toMatch(/could not be reached/);

    const up = await kapSync({ KAP_DATA_DIR: dataDir, KAP_URL: kap.url, KAP_TOKEN: kap.token });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^shipped +1 batches \(0 from the inbox, 1 from the spool\)$/m);
    expect(up.stdout).toMatch(/^waiting +0 inbox entries, 0 spooled batches$/m);
    expect(spoolCount(paths)).toBe(0);
    expect(await kap.summaryWhen(session, (s) => s.lastPrompt === 'synced')).toMatchObject({ lastPrompt: 'synced' });
  });

  it('exits 0 when the ingest is unreachable but nothing is left to ship', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-sync-'));
    const result = await kapSync({ KAP_DATA_DIR: dataDir, KAP_URL: 'http://127.0.0.1:1', KAP_TOKEN: kap.token });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^shipped +0 batches/m);
  });
});
