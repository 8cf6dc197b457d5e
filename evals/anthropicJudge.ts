/**
 * The judge port on the Anthropic Messages API. Its client and error translation are
 * recaps/anthropicCalls.ts's: no SDK type or error leaves these two files.
 *
 * One evaluation is four `messages.create` calls, one per question group (evalPrompt.ts), each forcing the
 * `record_evaluation` tool; a group's input must pass that group's schema (sessionEval.ts
 * `groupAnswerSchema`: exactly its questions, once each). An answer that does not (or holds no tool call)
 * is sent back once, as a tool_result with `is_error: true` naming what was wrong; a second bad answer is
 * INVALID_OUTPUT, and any group's failure fails the evaluation: a partial one is never returned.
 *
 * The first group is asked alone, the other three together once it answered: its request writes the
 * cached transcript that theirs read (parallel first requests would each miss the cache). Evidence anchors
 * the transcript does not hold are dropped.
 */
import type { Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { createForcedToolCaller, firstIssue, rejectToolCall } from '../recaps/anthropicCalls.js';
import type { AnthropicCallOptions, ToolAnswer } from '../recaps/anthropicCalls.js';
import { buildEvalRequests, EVAL_TOOL_NAME } from './evalPrompt.js';
import type { EvalGroupRequest } from './evalPrompt.js';
import type { EvalInput, EvalOutcome, Judge } from './judge.js';
import { groupAnswerSchema, inQuestionOrder, validAnchors } from './sessionEval.js';
import type { EvalAnswer, ModelAnswer } from './sessionEval.js';

export interface AnthropicJudgeOptions extends AnthropicCallOptions {
  /** Input budget of each group's request, tokens (evalPrompt.ts). @defaultValue DEFAULT_EVAL_BUDGET_TOKENS */
  budgetTokens?: number;
  /** @defaultValue the system clock */
  now?: () => Date;
}

/** A judge on the Messages API. The client is made here and lives as long as the judge. */
export function createAnthropicJudge(options: AnthropicJudgeOptions): Judge {
  const now = options.now ?? (() => new Date());
  const caller = createForcedToolCaller(options, { noun: 'evaluation', plural: 'evaluations', modelSetting: 'KAP_RECAP_MODEL' });

  function askGroup(request: EvalGroupRequest) {
    const schema = groupAnswerSchema(request.group);
    return caller.ask(
      request,
      (response) => readAnswer(response, schema),
      (problem) => `The evaluation model's answer to the ${request.group} questions was not valid, twice (${problem}). Try again, or use a different model.`,
    );
  }

  async function evaluate(input: EvalInput): Promise<EvalOutcome> {
    const requests = buildEvalRequests(input.summary, input.timeline, { budgetTokens: options.budgetTokens });
    const [first, ...rest] = requests.groups;
    const firstResult = await askGroup(first!);
    if (!firstResult.ok) return firstResult;
    const results = [firstResult, ...(await Promise.all(rest.map(askGroup)))];
    const answers: EvalAnswer[] = [];
    for (const result of results) {
      if (!result.ok) return result;
      for (const a of result.value) answers.push({ ...a, evidence: validAnchors(a.evidence, requests.anchors), source: 'llm' });
    }
    const record = { answers: inQuestionOrder(answers), source: 'llm' as const, model: firstResult.model, sessionRevision: input.summary.revision, generatedAt: now().toISOString() };
    return { ok: true, record };
  }

  return { evaluate };
}

/** The group's answers in a response, or what was wrong with them and the turns that ask for corrected ones. */
function readAnswer(response: Message, schema: ReturnType<typeof groupAnswerSchema>): ToolAnswer<ModelAnswer[]> {
  const call = response.content.find((b) => b.type === 'tool_use' && b.name === EVAL_TOOL_NAME);
  if (call?.type !== 'tool_use') {
    const text = response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
    const retry: MessageParam[] = [
      { role: 'assistant', content: text || '(no answer)' },
      { role: 'user', content: `Your answer did not call the ${EVAL_TOOL_NAME} tool. Call it now with the answers.` },
    ];
    return { ok: false, problem: `no ${EVAL_TOOL_NAME} call (stop_reason ${response.stop_reason ?? 'none'})`, retry };
  }
  const parsed = schema.safeParse(call.input);
  if (parsed.success) return { ok: true, value: parsed.data.answers };
  const cut = response.stop_reason === 'max_tokens' ? ' The answer was cut off at max_tokens: keep it shorter.' : '';
  const text = `The answers do not match the schema:\n${z.prettifyError(parsed.error)}\n${cut}Call ${EVAL_TOOL_NAME} again with a corrected answer to every question asked.`;
  return { ok: false, problem: firstIssue(parsed.error, 'answers'), retry: rejectToolCall(call, text) };
}
