/**
 * The Anthropic recap adapter against a scripted Messages API on loopback (test/support/scriptedRecapApi.ts):
 * what it sends, and how each kind of answer becomes a RecapRecord or a failure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recapToolStep, startScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import type { RecapApiStep, ScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import { DEFAULT_ANTHROPIC_MODEL } from './anthropicCalls.js';
import { createAnthropicRecapper } from './anthropicRecapper.js';
import type { AnthropicRecapperOptions } from './anthropicRecapper.js';
import { failingVitestSession, FAILING_TEST, sampleRecapInput } from '../test/support/recapFixtures.js';

const NOW = new Date('2026-11-21T14:35:00.000Z');

describe('Anthropic recapper against a scripted Messages API', () => {
  let api: ScriptedRecapApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function recapWith(steps: RecapApiStep[], options: Partial<AnthropicRecapperOptions> = {}) {
    api = await startScriptedRecapApi(steps);
    const recapper = createAnthropicRecapper({ apiKey: 'test-key', baseURL: api.url, model: 'claude-recap-test', maxRetries: 0, now: () => NOW, ...options });
    return recapper.recap(failingVitestSession());
  }

  it('sends the failing test and the pending todos, forces record_recap, and returns the recap as an llm record', async () => {
    // The default model (the SDK warns on stderr that it is deprecated: see DEFAULT_ANTHROPIC_MODEL).
    const outcome = await recapWith([recapToolStep(sampleRecapInput(), { model: 'claude-sonnet-4-5-20250929' })], { model: undefined });
    expect(outcome).toEqual({
      ok: true,
      record: { recap: sampleRecapInput(), source: 'llm', model: 'claude-sonnet-4-5-20250929', sessionRevision: 42, generatedAt: NOW.toISOString() },
    });
    expect(api!.requests).toHaveLength(1);
    const { body, headers } = api!.requests[0]!;
    expect(headers.authorization).toBe('Bearer test-key'); // SDK 1.x sends the API key as a bearer token
    expect(body.model).toBe(DEFAULT_ANTHROPIC_MODEL);
    expect(body.max_tokens).toBeGreaterThan(0);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_recap' });
    expect(body.tools.map((t: any) => t.name)).toEqual(['record_recap']);
    expect(body.system[0].cache_control).toEqual({ type: 'ephemeral' });
    const text: string = body.messages[0].content;
    expect(text).toContain(`## Failing tests\n- ${FAILING_TEST}\n`);
    expect(text).toContain('- [>] Fix roundHalfEven for negative refunds');
    expect(text).toContain('- [ ] Document the rounding rule in docs/refunds.md');
  });

  it('sends an invalid answer back once with the validation error, then takes the corrected one', async () => {
    const invalid = { ...sampleRecapInput(), goal: '' };
    const outcome = await recapWith([recapToolStep(invalid), recapToolStep(sampleRecapInput())]);
    expect(outcome.ok).toBe(true);
    expect(api!.requests).toHaveLength(2);
    const retry = api!.requests[1]!.body.messages;
    expect(retry).toHaveLength(3);
    expect(retry[1]).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', name: 'record_recap', input: invalid }] });
    expect(retry[2].content[0]).toMatchObject({ type: 'tool_result', is_error: true, tool_use_id: retry[1].content[0].id });
    expect(retry[2].content[0].content).toContain('at goal');
  });

  it('reports INVALID_OUTPUT after a second invalid answer, with no recap', async () => {
    const tooMany = { ...sampleRecapInput(), next: Array.from({ length: 20 }, (_, i) => `step ${i}`) };
    const outcome = await recapWith([recapToolStep(tooMany), { kind: 'text', text: 'Here is a recap in prose instead.' }]);
    expect(outcome).toEqual({ ok: false, reason: 'INVALID_OUTPUT', message: expect.stringContaining('not a valid recap') });
    expect(api!.requests).toHaveLength(2);
  });

  it('reports a 500 as API_ERROR with a readable message, after the SDK retried it', async () => {
    const error: RecapApiStep = { kind: 'error', status: 500, type: 'api_error', message: 'Internal server error' };
    const outcome = await recapWith([error, error], { maxRetries: 1 });
    expect(outcome).toEqual({
      ok: false,
      reason: 'API_ERROR',
      message: 'The Anthropic API failed to make the recap: try again in a few minutes (HTTP 500: Internal server error).',
    });
    expect(api!.requests).toHaveLength(2);
  });

  it('reports a rejected key as API_ERROR naming ANTHROPIC_API_KEY, without retrying', async () => {
    const outcome = await recapWith([{ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' }], { maxRetries: 2 });
    expect(outcome).toMatchObject({ ok: false, reason: 'API_ERROR', message: expect.stringContaining('ANTHROPIC_API_KEY') });
    expect(api!.requests).toHaveLength(1);
  });

  it('reports an answer slower than timeoutMs as TIMEOUT', async () => {
    const outcome = await recapWith([{ ...recapToolStep(sampleRecapInput()), delayMs: 5_000 }], { timeoutMs: 200 });
    expect(outcome).toEqual({ ok: false, reason: 'TIMEOUT', message: expect.stringContaining('did not answer') });
  });

  it('reports an unreachable API as API_ERROR', async () => {
    const closed = await startScriptedRecapApi([]);
    await closed.close();
    const recapper = createAnthropicRecapper({ apiKey: 'k', baseURL: closed.url, model: 'claude-recap-test', maxRetries: 0 });
    expect(await recapper.recap(failingVitestSession())).toMatchObject({ ok: false, reason: 'API_ERROR', message: expect.stringContaining('Could not reach') });
  });
});
