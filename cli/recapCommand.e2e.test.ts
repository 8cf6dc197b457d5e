/** `kap recap` as a user runs it: the built CLI on an embedded data dir, rule-based (no API key). */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import { FAILING_TEST, FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const run = promisify(execFile);

/** A Kap data dir holding the synthetic session, Kap stopped (kap recap opens the stores itself), and the env to run in. */
async function recordedSession() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kap-recap-cli-'));
  const kap = await startKapForTest(dataDir);
  const batch = syntheticSessionBatch();
  await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  await kap.settled([batch.sessionId]);
  await kap.close();
  return { batch, env: { ...process.env, KAP_DATA_DIR: dataDir, ANTHROPIC_API_KEY: '' } };
}

describe('kap recap', () => {
  it('prints the rule-based recap naming the failing test and the pending todo, and says so', async () => {
    const { batch, env } = await recordedSession();
    const { stdout } = await run('node', [resolve('dist/cli/main.js'), 'recap', batch.sessionId], { env });
    expect(stdout).toContain(FIRST_PROMPT.split('.')[0]);
    expect(stdout).toContain(FAILING_TEST.split(' > ').at(-1));
    expect(stdout).toContain('Document the ledger rounding rule');
    expect(stdout.toLowerCase()).toContain('rule');
    await expect(run('node', [resolve('dist/cli/main.js'), 'recap', 'no-such-session'], { env })).rejects.toMatchObject({ stderr: expect.stringContaining('no session no-such-session') });
  });

  it('does not call its own recap stale once its RecapGenerated is folded (the revision moved, the activity did not)', async () => {
    const { batch, env } = await recordedSession();
    const first = await run('node', [resolve('dist/cli/main.js'), 'recap', batch.sessionId], { env });
    // The summary now folds the RecapGenerated the first run stored.
    await run('node', [resolve('dist/cli/main.js'), 'projections', 'rebuild'], { env });
    const second = await run('node', [resolve('dist/cli/main.js'), 'recap', batch.sessionId], { env });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).not.toContain('moved on');
  });
});
