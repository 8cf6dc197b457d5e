/**
 * The recap port on the Anthropic Messages API. Its client and error translation are anthropicCalls.ts's: no SDK
 * type or error leaves these two files.
 *
 * One recap is one `messages.create` call forcing the `record_recap` tool (recapPrompt.ts); its input must
 * pass RecapSchema. An answer that does not (or holds no tool call) is sent back once, as a tool_result with
 * `is_error: true` naming what was wrong, and a second bad answer is INVALID_OUTPUT: a half-made recap is
 * never returned.
 */
import type { Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { createForcedToolCaller, firstIssue, rejectToolCall } from './anthropicCalls.js';
import type { AnthropicCallOptions, ToolAnswer } from './anthropicCalls.js';
import { RecapSchema } from './recap.js';
import type { Recap } from './recap.js';
import { buildRecapRequest, RECAP_TOOL_NAME } from './recapPrompt.js';
import type { RecapInput, RecapOutcome, Recapper } from './recapper.js';

export interface AnthropicRecapperOptions extends AnthropicCallOptions {
  /** Input budget, tokens (recapPrompt.ts). @defaultValue DEFAULT_INPUT_BUDGET_TOKENS */
  budgetTokens?: number;
  /** @defaultValue the system clock */
  now?: () => Date;
}

/** A recapper on the Messages API. The client is made here and lives as long as the recapper. */
export function createAnthropicRecapper(options: AnthropicRecapperOptions): Recapper {
  const now = options.now ?? (() => new Date());
  const caller = createForcedToolCaller(options, { noun: 'recap', plural: 'recaps', modelSetting: 'the model name' });

  async function recap(input: RecapInput): Promise<RecapOutcome> {
    const request = buildRecapRequest(input.summary, input.timeline, { budgetTokens: options.budgetTokens });
    const answer = await caller.ask(request, readAnswer, (problem) => `The recap model's answer was not a valid recap, twice (${problem}). Try again, or use a different model.`);
    if (!answer.ok) return answer;
    const record = { recap: answer.value, source: 'llm' as const, model: answer.model, sessionRevision: input.summary.revision, generatedAt: now().toISOString() };
    return { ok: true, record };
  }

  return { recap };
}

/** The recap in a response, or what was wrong with it and the turns that ask for a corrected one. */
function readAnswer(response: Message): ToolAnswer<Recap> {
  const call = response.content.find((b) => b.type === 'tool_use' && b.name === RECAP_TOOL_NAME);
  if (call?.type !== 'tool_use') {
    const problem = `no ${RECAP_TOOL_NAME} call (stop_reason ${response.stop_reason ?? 'none'})`;
    const retry: MessageParam[] = [
      { role: 'assistant', content: response.content.length > 0 ? [{ type: 'text', text: textOf(response) || '(no answer)' }] : '(no answer)' },
      { role: 'user', content: `Your answer did not call the ${RECAP_TOOL_NAME} tool. Call it now with the recap.` },
    ];
    return { ok: false, problem, retry };
  }
  const parsed = RecapSchema.safeParse(call.input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const cut = response.stop_reason === 'max_tokens' ? ' The answer was cut off at max_tokens: keep it shorter.' : '';
  const text = `The recap does not match the schema:\n${z.prettifyError(parsed.error)}\n${cut}Call ${RECAP_TOOL_NAME} again with a corrected, complete recap.`;
  return { ok: false, problem: firstIssue(parsed.error, 'recap'), retry: rejectToolCall(call, text) };
}

function textOf(response: Message): string {
  return response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
}
