/**
 * The judge port on the Anthropic Messages API. Owns the `Anthropic` client and translates its errors: no
 * SDK type or error leaves this file.
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
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { buildEvalRequests, EVAL_TOOL_NAME } from './evalPrompt.js';
import type { EvalGroupRequest } from './evalPrompt.js';
import type { EvalFailureReason, EvalInput, EvalOutcome, Judge } from './judge.js';
import { groupAnswerSchema, inQuestionOrder, validAnchors } from './sessionEval.js';
import type { EvalAnswer, ModelAnswer } from './sessionEval.js';

export interface AnthropicJudgeOptions {
  apiKey: string;
  /** @defaultValue `https://api.anthropic.com` (ANTHROPIC_BASE_URL is not read: configuration comes from the root). */
  baseURL?: string;
  /** @defaultValue DEFAULT_JUDGE_MODEL */
  model?: string;
  /** Per HTTP attempt, milliseconds. @defaultValue 60_000 */
  timeoutMs?: number;
  /** The SDK's retries of 408/409/429/5xx and connection errors. @defaultValue 2 */
  maxRetries?: number;
  /** Input budget of each group's request, tokens (evalPrompt.ts). @defaultValue DEFAULT_EVAL_BUDGET_TOKENS */
  budgetTokens?: number;
  /** `max_tokens` of each answer. @defaultValue 4_096 */
  maxOutputTokens?: number;
  /** @defaultValue the system clock */
  now?: () => Date;
}

export const DEFAULT_JUDGE_MODEL = 'claude-sonnet-4-5';
export const DEFAULT_JUDGE_TIMEOUT_MS = 60_000;
export const DEFAULT_JUDGE_MAX_RETRIES = 2;
export const DEFAULT_JUDGE_MAX_OUTPUT_TOKENS = 4_096;

type Failure = { ok: false; reason: EvalFailureReason; message: string };
type GroupResult = { ok: true; answers: ModelAnswer[]; model: string } | Failure;

/** A judge on the Messages API. The client is made here and lives as long as the judge. */
export function createAnthropicJudge(options: AnthropicJudgeOptions): Judge {
  const model = options.model ?? DEFAULT_JUDGE_MODEL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_JUDGE_MAX_RETRIES;
  const now = options.now ?? (() => new Date());
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL ?? 'https://api.anthropic.com', timeout: timeoutMs, maxRetries, logLevel: 'off' });

  async function askGroup(request: EvalGroupRequest): Promise<GroupResult> {
    const schema = groupAnswerSchema(request.group);
    const messages: MessageParam[] = [...request.messages];
    let problem = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      let response: Message;
      try {
        response = await client.messages.create({
          model,
          max_tokens: options.maxOutputTokens ?? DEFAULT_JUDGE_MAX_OUTPUT_TOKENS,
          system: request.system,
          messages,
          tools: request.tools,
          tool_choice: request.tool_choice,
        });
      } catch (error) {
        return failure(error, { timeoutMs, maxRetries });
      }
      const answer = readAnswer(response, schema);
      if (answer.ok) return { ok: true, answers: answer.answers, model: response.model };
      problem = answer.problem;
      messages.push(...answer.retry);
    }
    return { ok: false, reason: 'INVALID_OUTPUT', message: `The evaluation model's answer to the ${request.group} questions was not valid, twice (${problem}). Try again, or use a different model.` };
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
      for (const a of result.answers) answers.push({ ...a, evidence: validAnchors(a.evidence, requests.anchors), source: 'llm' });
    }
    const record = { answers: inQuestionOrder(answers), source: 'llm' as const, model: firstResult.model, sessionRevision: input.summary.revision, generatedAt: now().toISOString() };
    return { ok: true, record };
  }

  return { evaluate };
}

type Answer = { ok: true; answers: ModelAnswer[] } | { ok: false; problem: string; retry: MessageParam[] };

/** The group's answers in a response, or what was wrong with them and the turns that ask for corrected ones. */
function readAnswer(response: Message, schema: ReturnType<typeof groupAnswerSchema>): Answer {
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
  if (parsed.success) return { ok: true, answers: parsed.data.answers };
  const cut = response.stop_reason === 'max_tokens' ? ' The answer was cut off at max_tokens: keep it shorter.' : '';
  const retry: MessageParam[] = [
    { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: call.id,
          is_error: true,
          content: `The answers do not match the schema:\n${z.prettifyError(parsed.error)}\n${cut}Call ${EVAL_TOOL_NAME} again with a corrected answer to every question asked.`,
        },
      ],
    },
  ];
  return { ok: false, problem: firstIssue(parsed.error), retry };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : 'answers'}: ${issue.message}`;
}

/** The SDK's error as a failure a Slack user can read; anything else is unexpected and rethrown. */
function failure(error: unknown, context: { timeoutMs: number; maxRetries: number }): Failure {
  const tries = context.maxRetries + 1;
  if (error instanceof APIConnectionTimeoutError) {
    const wait = context.timeoutMs >= 1_000 ? `${Math.round(context.timeoutMs / 1_000)} s` : `${context.timeoutMs} ms`;
    return { ok: false, reason: 'TIMEOUT', message: `The evaluation model did not answer within ${wait} (${tries} ${tries === 1 ? 'try' : 'tries'}). Try again in a few minutes.` };
  }
  if (error instanceof APIConnectionError) {
    return { ok: false, reason: 'API_ERROR', message: `Could not reach the Anthropic API (${error.message}). Check the network or ANTHROPIC_BASE_URL, then try again.` };
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : 0;
    return { ok: false, reason: 'API_ERROR', message: `${apiErrorHint(status)} (HTTP ${status}: ${error.apiMessage ?? error.type ?? 'no details'}).` };
  }
  throw error;
}

function apiErrorHint(status: number): string {
  if (status === 401) return 'The Anthropic API rejected the API key: check ANTHROPIC_API_KEY';
  if (status === 403) return 'The Anthropic API key may not use this model or feature';
  if (status === 404) return 'The Anthropic API does not know the evaluation model: check KAP_RECAP_MODEL';
  if (status === 413) return 'The session was too large for the evaluation model';
  if (status === 429) return 'The Anthropic API is rate limiting evaluations: try again in a minute';
  if (status === 529) return 'The Anthropic API is overloaded: try again in a few minutes';
  if (status >= 500) return 'The Anthropic API failed to make the evaluation: try again in a few minutes';
  return 'The Anthropic API refused the evaluation request';
}
