/**
 * The Anthropic judge against a scripted Messages API on loopback (test/support/scriptedRecapApi.ts): four
 * group calls sharing one cached transcript block, one retry of a bad answer, API errors translated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failingVitestSession, FAILING_TEST } from '../test/support/recapFixtures.js';
import { groupOfRequest, judgeStep, modelAnswers } from '../test/support/evalFixtures.js';
import { recapToolStep, startScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import type { RecapApiStep, ScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import { createAnthropicJudge } from './anthropicJudge.js';
import type { AnthropicJudgeOptions } from './anthropicJudge.js';
import { EVAL_TOOL_NAME } from './evalPrompt.js';
import { QUESTION_IDS } from './evalQuestions.js';
import { EvalRecordSchema } from './sessionEval.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('Anthropic judge against a scripted Messages API', () => {
  let api: ScriptedRecapApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function evaluateWith(script: (body: any, n: number) => RecapApiStep, options: Partial<AnthropicJudgeOptions> = {}) {
    api = await startScriptedRecapApi(script);
    const judge = createAnthropicJudge({ apiKey: 'test-key', baseURL: api.url, model: 'claude-judge-test', maxRetries: 0, now: () => NOW, ...options });
    return judge.evaluate(failingVitestSession());
  }

  it('asks four groups, one forced tool each, the transcript block byte-identical and cached, the questions after it', async () => {
    const outcome = await evaluateWith((body) => judgeStep(body, ['turn-1', 'turn-99', 'tool-toolu_fixture_nope']));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(api!.requests).toHaveLength(4);
    const bodies = api!.requests.map((r) => r.body);
    expect(bodies.map(groupOfRequest).sort()).toEqual(['efficiency', 'plan', 'quality', 'safety']);
    // The first group is asked alone: its request writes the cache the others read.
    expect(groupOfRequest(bodies[0])).toBe('safety');
    const transcripts = bodies.map((b) => JSON.stringify(b.messages[0].content[0]));
    expect(new Set(transcripts).size).toBe(1);
    for (const b of bodies) {
      expect(b.messages[0].content[0].cache_control).toEqual({ type: 'ephemeral' });
      expect(b.messages[0].content[1].cache_control).toBeUndefined();
      expect(b.tool_choice).toEqual({ type: 'tool', name: EVAL_TOOL_NAME });
      expect(JSON.stringify(b.tools)).toBe(JSON.stringify(bodies[0].tools));
      expect(JSON.stringify(b.system)).toBe(JSON.stringify(bodies[0].system));
    }
    const transcript: string = bodies[0].messages[0].content[0].text;
    expect(transcript).toContain(`## Failing tests at the end\n- ${FAILING_TEST}\n`);
    expect(transcript).toContain('[turn-1] prompt: Make roundHalfEven');
    expect(transcript).toMatch(/\[tool-toolu_fixture_\d+\] Bash `npx vitest run` → error/);
    expect(transcript).toContain('sub: [tool-'); // the subagent's grep, after the Agent call
    // All 13 answers, from the model, with only the anchors the transcript holds.
    expect(outcome.record.answers.map((a) => a.question)).toEqual([...QUESTION_IDS]);
    expect(outcome.record).toMatchObject({ source: 'llm', model: 'claude-judge-test', sessionRevision: 42, generatedAt: NOW.toISOString() });
    for (const a of outcome.record.answers) expect(a).toMatchObject({ source: 'llm', score: 4, verdict: 'pass', evidence: ['turn-1'] });
    expect(EvalRecordSchema.safeParse(outcome.record).success).toBe(true);
  });

  it('sends a bad group answer back once with the validation error, then takes the corrected one', async () => {
    const missing = { answers: modelAnswers('quality').answers.slice(0, 2) };
    let badSent = false;
    const outcome = await evaluateWith((body) => {
      if (groupOfRequest(body) === 'quality' && !badSent) {
        badSent = true;
        return recapToolStep(missing, { name: EVAL_TOOL_NAME });
      }
      return judgeStep(body);
    });
    expect(outcome.ok).toBe(true);
    expect(api!.requests).toHaveLength(5);
    const retry = api!.requests.find((r) => groupOfRequest(r.body) === 'quality' && r.body.messages.length === 3)!.body.messages;
    expect(retry[1]).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', name: EVAL_TOOL_NAME, input: missing }] });
    expect(retry[2].content[0]).toMatchObject({ type: 'tool_result', is_error: true, tool_use_id: retry[1].content[0].id });
    expect(retry[2].content[0].content).toContain('answers');
  });

  it('fails with INVALID_OUTPUT when a group answers badly twice (a question twice, then prose): no partial evaluation', async () => {
    const twice = modelAnswers('plan');
    twice.answers[1] = { ...twice.answers[0]! };
    const outcome = await evaluateWith((body, n) => (groupOfRequest(body) !== 'plan' ? judgeStep(body) : n % 2 === 0 ? recapToolStep(twice, { name: EVAL_TOOL_NAME }) : { kind: 'text', text: 'All fine.' }));
    expect(outcome).toEqual({ ok: false, reason: 'INVALID_OUTPUT', message: expect.stringContaining('plan questions was not valid, twice') });
  });

  it('translates API errors: a 500 after the SDK retried it, a rejected key without retrying', async () => {
    const error: RecapApiStep = { kind: 'error', status: 500, type: 'api_error', message: 'Internal server error' };
    const outcome = await evaluateWith(() => error, { maxRetries: 1 });
    expect(outcome).toEqual({ ok: false, reason: 'API_ERROR', message: 'The Anthropic API failed to make the evaluation: try again in a few minutes (HTTP 500: Internal server error).' });
    expect(api!.requests).toHaveLength(2);
    await api!.close();
    const rejected = await evaluateWith(() => ({ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' }), { maxRetries: 2 });
    expect(rejected).toMatchObject({ ok: false, reason: 'API_ERROR', message: expect.stringContaining('ANTHROPIC_API_KEY') });
    expect(api!.requests).toHaveLength(1);
  });

  it('reports an answer slower than timeoutMs as TIMEOUT', async () => {
    const outcome = await evaluateWith((body) => ({ ...judgeStep(body), delayMs: 5_000 }), { timeoutMs: 200 });
    expect(outcome).toEqual({ ok: false, reason: 'TIMEOUT', message: expect.stringContaining('did not answer') });
  });
});
