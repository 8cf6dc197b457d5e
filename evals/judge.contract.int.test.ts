/** The judge contract (judge.contract.ts) for both adapters: the rules, and the Anthropic judge on a scripted Messages API. */
import { afterAll, beforeAll } from 'vitest';
import { judgeStep } from '../test/support/evalFixtures.js';
import { startScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import type { ScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import { createAnthropicJudge } from './anthropicJudge.js';
import { CONTRACT_NOW, describeJudgeContract } from './judge.contract.js';
import { createRulesJudge } from './rulesJudge.js';

describeJudgeContract('rules', () => createRulesJudge({ now: () => CONTRACT_NOW }), 'rules');

let api: ScriptedRecapApi;
beforeAll(async () => {
  // Cites the first turn, an anchor the session has not, and the failing test run's call.
  api = await startScriptedRecapApi((body: any) => {
    const run = /\[(tool-toolu_fixture_\d+)\] Bash `npx vitest run`/.exec(body.messages[0].content[0].text)?.[1];
    return judgeStep(body, ['turn-1', 'turn-9', ...(run ? [run] : [])]);
  });
});
afterAll(() => api?.close());

describeJudgeContract('Anthropic (scripted Messages API)', () => createAnthropicJudge({ apiKey: 'test-key', baseURL: api.url, model: 'claude-judge-test', maxRetries: 0, now: () => CONTRACT_NOW }), 'llm');
