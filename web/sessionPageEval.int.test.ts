/**
 * The session page shows the session's stored evaluation (issue #14): made by the rules judge through the
 * evaluation service on Kap's own stores, folded into the summary's verdict, then read back by the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../cli/openStores.js';
import { createRulesJudge } from '../evals/rulesJudge.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';
import { evaluateSession } from '../workers/evalService.js';

let kap: KapUnderTest;
let sessionId: string;

beforeAll(async () => {
  kap = await startKapForTest();
  const batch = syntheticSessionBatch();
  sessionId = batch.sessionId;
  const posted = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(posted.status).toBe(200);
  await kap.settled([sessionId]);
}, 60_000);
afterAll(async () => kap?.close());

describe('the session page and evaluations', () => {
  it('has no evaluation section before one is made, and shows the stored one after', async () => {
    const before = await (await fetch(`${kap.url}/s/${sessionId}`)).text();
    expect(before).not.toContain('id="evaluation"');

    const stores = await openStores(kap.config);
    try {
      const now = () => new Date();
      const result = await evaluateSession({ store: stores.store, readModel: stores.readModel, timelines: stores.timelines, judge: createRulesJudge({ now }), now }, sessionId);
      expect(result.ok).toBe(true);
    } finally {
      await stores.close();
    }
    await kap.summaryWhen(sessionId, (s) => s.evalVerdict !== undefined && s.evalVerdict !== null);

    const page = await (await fetch(`${kap.url}/s/${sessionId}`)).text();
    expect(page).toContain('<a href="#evaluation">Evaluation</a>');
    expect(page).toMatch(/<section id="evaluation" class="kap-eval">/);
    expect(page).toContain('Rule-based evaluation (no model configured)');
    // The failing vitest run is the rules' evidence for "Tests broken": a link to its tool call on this page.
    expect(page).toMatch(/<strong>Tests broken<\/strong>[\s\S]*?<a href="#tool-toolu_test">tool-toolu_test<\/a>/);
    expect(page).toContain('id="tool-toolu_test"');
  });
});
