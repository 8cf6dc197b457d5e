/** `kap eval` as a user runs it: the built CLI on an embedded data dir, rule-based (no API key). */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QUESTION_IDS } from '../evals/evalQuestions.js';
import { EvalRecordSchema } from '../evals/sessionEval.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { FAILING_TEST } from '../test/support/recapFixtures.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const run = promisify(execFile);
const kap = (args: string[], env: NodeJS.ProcessEnv) => run('node', [resolve('dist/cli/main.js'), ...args], { env });

/** A Kap data dir holding the synthetic session, Kap stopped (kap eval opens the stores itself), and the env to run in. */
async function recordedSession() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kap-eval-cli-'));
  const kapUnderTest = await startKapForTest(dataDir);
  const batch = syntheticSessionBatch();
  await fetch(`${kapUnderTest.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kapUnderTest.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  await kapUnderTest.settled([batch.sessionId]);
  await kapUnderTest.close();
  return { batch, dataDir, env: { ...process.env, KAP_DATA_DIR: dataDir, ANTHROPIC_API_KEY: '' } };
}

describe('kap eval', () => {
  it('prints the rule-based evaluation: the failing test fails "Tests broken", the rest labelled rules or needs a model', async () => {
    const { batch, env } = await recordedSession();
    const { stdout } = await kap(['eval', batch.sessionId], env);
    expect(stdout).toContain('# Evaluation:');
    expect(stdout).toContain('Rule-based evaluation (no model configured)');
    expect(stdout).toMatch(/- \*\*Tests broken\*\*: ✘ fail \(2\/5, rules\)/);
    expect(stdout).toContain(FAILING_TEST);
    expect(stdout).toContain('Evidence: #tool-toolu_test');
    expect(stdout).toMatch(/- \*\*Over-engineering\*\*: needs a model/);
    expect(stdout).toContain('**Overall: fail**');
    await expect(kap(['eval', 'no-such-session'], env)).rejects.toMatchObject({ stderr: expect.stringContaining('no session no-such-session') });
  });

  it('--json prints the stored record, and a second run reuses it once its SessionEvalCompleted is folded', async () => {
    const { batch, dataDir, env } = await recordedSession();
    const first = JSON.parse((await kap(['eval', batch.sessionId, '--json'], env)).stdout);
    expect(first).toMatchObject({ sessionId: batch.sessionId, cached: false, source: 'rules', model: null });
    expect(EvalRecordSchema.safeParse({ ...first, sessionId: undefined, cached: undefined }).success).toBe(true);
    expect(first.answers.map((a: { question: string }) => a.question)).toEqual([...QUESTION_IDS]);
    await kap(['projections', 'rebuild'], env);
    const second = JSON.parse((await kap(['eval', batch.sessionId, '--json'], env)).stdout);
    expect(second).toEqual({ ...first, cached: true });
    // The summary carries the one-line verdict the card shows.
    const served = await startKapForTest(dataDir);
    try {
      expect((await served.summary(batch.sessionId))?.evalVerdict).toMatchObject({ fail: 2, source: 'rules', coversRevision: first.sessionRevision });
    } finally {
      await served.close();
    }
  });
});
