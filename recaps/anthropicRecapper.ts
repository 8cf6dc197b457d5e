/**
 * The recap port on the Anthropic Messages API. Owns the `Anthropic` client and translates its errors: no SDK
 * type or error leaves this file.
 *
 * One recap is one `messages.create` call forcing the `record_recap` tool (recapPrompt.ts); its input must
 * pass RecapSchema. An answer that does not (or holds no tool call) is sent back once, as a tool_result with
 * `is_error: true` naming what was wrong, and a second bad answer is INVALID_OUTPUT: a half-made recap is
 * never returned. HTTP errors come back after the SDK's own retries (408, 409, 429 and 5xx are retried
 * `maxRetries` times with backoff; other 4xx are not).
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { RecapSchema } from './recap.js';
import type { Recap } from './recap.js';
import { buildRecapRequest, RECAP_TOOL_NAME } from './recapPrompt.js';
import type { RecapInput, RecapOutcome, Recapper } from './recapper.js';

export interface AnthropicRecapperOptions {
  apiKey: string;
  /** @defaultValue `https://api.anthropic.com` (ANTHROPIC_BASE_URL is not read: configuration comes from the root). */
  baseURL?: string;
  /** @defaultValue DEFAULT_RECAP_MODEL */
  model?: string;
  /** Per HTTP attempt, milliseconds. @defaultValue 60_000 */
  timeoutMs?: number;
  /** The SDK's retries of 408/409/429/5xx and connection errors. @defaultValue 2 */
  maxRetries?: number;
  /** Input budget, tokens (recapPrompt.ts). @defaultValue DEFAULT_INPUT_BUDGET_TOKENS */
  budgetTokens?: number;
  /** `max_tokens` of the answer. @defaultValue 4_096 */
  maxOutputTokens?: number;
  /** @defaultValue the system clock */
  now?: () => Date;
}

export const DEFAULT_RECAP_MODEL = 'claude-sonnet-4-5';
export const DEFAULT_RECAP_TIMEOUT_MS = 60_000;
export const DEFAULT_RECAP_MAX_RETRIES = 2;
export const DEFAULT_RECAP_MAX_OUTPUT_TOKENS = 4_096;

/** A recapper on the Messages API. The client is made here and lives as long as the recapper. */
export function createAnthropicRecapper(options: AnthropicRecapperOptions): Recapper {
  const model = options.model ?? DEFAULT_RECAP_MODEL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_RECAP_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_RECAP_MAX_RETRIES;
  const now = options.now ?? (() => new Date());
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    timeout: timeoutMs,
    maxRetries,
    logLevel: 'off',
  });

  async function recap(input: RecapInput): Promise<RecapOutcome> {
    const request = buildRecapRequest(input.summary, input.timeline, { budgetTokens: options.budgetTokens });
    const messages: MessageParam[] = [...request.messages];
    let problem = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      let response: Message;
      try {
        response = await client.messages.create({
          model,
          max_tokens: options.maxOutputTokens ?? DEFAULT_RECAP_MAX_OUTPUT_TOKENS,
          system: request.system,
          messages,
          tools: request.tools,
          tool_choice: request.tool_choice,
        });
      } catch (error) {
        return failure(error, { timeoutMs, maxRetries });
      }
      const answer = readAnswer(response);
      if (answer.ok) {
        const record = { recap: answer.recap, source: 'llm' as const, model: response.model, sessionRevision: input.summary.revision, generatedAt: now().toISOString() };
        return { ok: true, record };
      }
      problem = answer.problem;
      messages.push(...answer.retry);
    }
    return { ok: false, reason: 'INVALID_OUTPUT', message: `The recap model's answer was not a valid recap, twice (${problem}). Try again, or use a different model.` };
  }

  return { recap };
}

type Answer = { ok: true; recap: Recap } | { ok: false; problem: string; retry: MessageParam[] };

/** The recap in a response, or what was wrong with it and the turns that ask for a corrected one. */
function readAnswer(response: Message): Answer {
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
  if (parsed.success) return { ok: true, recap: parsed.data };
  const cut = response.stop_reason === 'max_tokens' ? ' The answer was cut off at max_tokens: keep it shorter.' : '';
  const problem = firstIssue(parsed.error);
  const retry: MessageParam[] = [
    { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: call.id,
          is_error: true,
          content: `The recap does not match the schema:\n${z.prettifyError(parsed.error)}\n${cut}Call ${RECAP_TOOL_NAME} again with a corrected, complete recap.`,
        },
      ],
    },
  ];
  return { ok: false, problem, retry };
}

function textOf(response: Message): string {
  return response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'recap';
  return `${path}: ${issue.message}`;
}

/** The SDK's error as a failure a Slack user can read; anything else is unexpected and rethrown. */
function failure(error: unknown, context: { timeoutMs: number; maxRetries: number }): RecapOutcome {
  const tries = context.maxRetries + 1;
  if (error instanceof APIConnectionTimeoutError) {
    return { ok: false, reason: 'TIMEOUT', message: `The recap model did not answer within ${seconds(context.timeoutMs)} (${tries} ${tries === 1 ? 'try' : 'tries'}). Try again in a few minutes.` };
  }
  if (error instanceof APIConnectionError) {
    return { ok: false, reason: 'API_ERROR', message: `Could not reach the Anthropic API (${error.message}). Check the network or ANTHROPIC_BASE_URL, then try again.` };
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : 0;
    const detail = error.apiMessage ?? error.type ?? 'no details';
    return { ok: false, reason: 'API_ERROR', message: `${apiErrorHint(status)} (HTTP ${status}: ${detail}).` };
  }
  throw error;
}

const seconds = (ms: number) => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

function apiErrorHint(status: number): string {
  if (status === 401) return 'The Anthropic API rejected the API key: check ANTHROPIC_API_KEY';
  if (status === 403) return 'The Anthropic API key may not use this model or feature';
  if (status === 404) return 'The Anthropic API does not know the recap model: check the model name';
  if (status === 413) return 'The session was too large for the recap model';
  if (status === 429) return 'The Anthropic API is rate limiting recaps: try again in a minute';
  if (status === 529) return 'The Anthropic API is overloaded: try again in a few minutes';
  if (status >= 500) return 'The Anthropic API failed to make the recap: try again in a few minutes';
  return 'The Anthropic API refused the recap request';
}
