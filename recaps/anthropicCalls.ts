/**
 * What the recapper and the judge (the two ports on the Anthropic Messages API) share: the client, one
 * forced-tool call re-asked once when its answer is bad, and the translation of the SDK's errors into
 * failures a Slack user can read. No SDK type or error leaves this file and its two adapters
 * (anthropicRecapper.ts, evals/anthropicJudge.ts).
 *
 * HTTP errors come back after the SDK's own retries (408, 409, 429 and 5xx are retried `maxRetries` times
 * with backoff; other 4xx are not).
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { Message, MessageParam, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { z } from 'zod';

export interface AnthropicCallOptions {
  apiKey: string;
  /** @defaultValue `https://api.anthropic.com` (ANTHROPIC_BASE_URL is not read: configuration comes from the root). */
  baseURL?: string;
  /** @defaultValue DEFAULT_ANTHROPIC_MODEL */
  model?: string;
  /** Per HTTP attempt, milliseconds. @defaultValue 60_000 */
  timeoutMs?: number;
  /** The SDK's retries of 408/409/429/5xx and connection errors. @defaultValue 2 */
  maxRetries?: number;
  /** `max_tokens` of each answer. @defaultValue 4_096 */
  maxOutputTokens?: number;
}

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/** How a failure names what was asked for: "recap" / "recaps", "evaluation" / "evaluations". */
export interface CallWording {
  noun: string;
  plural: string;
  /** Where to fix an unknown model (HTTP 404): "the model name", "KAP_RECAP_MODEL". */
  modelSetting: string;
}

export type CallFailureReason = 'INVALID_OUTPUT' | 'API_ERROR' | 'TIMEOUT';
export type CallFailure = { ok: false; reason: CallFailureReason; message: string };

/** A forced-tool answer read from a response, or what was wrong with it and the turns that ask again. */
export type ToolAnswer<T> = { ok: true; value: T } | { ok: false; problem: string; retry: MessageParam[] };

export type ForcedToolRequest = Pick<MessageCreateParamsNonStreaming, 'system' | 'messages' | 'tools' | 'tool_choice'>;

export interface ForcedToolCaller {
  /**
   * One `messages.create` call with `request`, its answer read by `read`; a bad answer is sent back once
   * with `read`'s retry turns, and a second is INVALID_OUTPUT with the message `invalid(problem)`.
   */
  ask<T>(request: ForcedToolRequest, read: (response: Message) => ToolAnswer<T>, invalid: (problem: string) => string): Promise<{ ok: true; value: T; model: string } | CallFailure>;
}

/** A caller whose client is made here and lives as long as the caller. */
export function createForcedToolCaller(options: AnthropicCallOptions, wording: CallWording): ForcedToolCaller {
  const model = options.model ?? DEFAULT_ANTHROPIC_MODEL;
  const maxOutputTokens = options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    timeout: timeoutMs,
    maxRetries,
    logLevel: 'off',
  });

  return {
    async ask(request, read, invalid) {
      const messages: MessageParam[] = [...request.messages];
      let problem = '';
      for (let attempt = 1; attempt <= 2; attempt++) {
        let response: Message;
        try {
          response = await client.messages.create({
            model,
            max_tokens: maxOutputTokens,
            system: request.system,
            messages,
            tools: request.tools,
            tool_choice: request.tool_choice,
          });
        } catch (error) {
          return failure(error, { timeoutMs, maxRetries, wording });
        }
        const answer = read(response);
        if (answer.ok) return { ok: true, value: answer.value, model: response.model };
        problem = answer.problem;
        messages.push(...answer.retry);
      }
      return { ok: false, reason: 'INVALID_OUTPUT', message: invalid(problem) };
    },
  };
}

/** The turns that send a tool call whose input failed its schema back, as an error tool_result saying `text`. */
export function rejectToolCall(call: { id: string; name: string; input: unknown }, text: string): MessageParam[] {
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.input }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, is_error: true, content: text }] },
  ];
}

/** The first schema issue, as `path: message`; `root` names an issue at the top. */
export function firstIssue(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.join('.') : root;
  return `${path}: ${issue.message}`;
}

/** The SDK's error as a failure a Slack user can read; anything else is unexpected and rethrown. */
function failure(error: unknown, context: { timeoutMs: number; maxRetries: number; wording: CallWording }): CallFailure {
  const tries = context.maxRetries + 1;
  if (error instanceof APIConnectionTimeoutError) {
    return { ok: false, reason: 'TIMEOUT', message: `The ${context.wording.noun} model did not answer within ${seconds(context.timeoutMs)} (${tries} ${tries === 1 ? 'try' : 'tries'}). Try again in a few minutes.` };
  }
  if (error instanceof APIConnectionError) {
    return { ok: false, reason: 'API_ERROR', message: `Could not reach the Anthropic API (${error.message}). Check the network or ANTHROPIC_BASE_URL, then try again.` };
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : 0;
    const detail = error.apiMessage ?? error.type ?? 'no details';
    return { ok: false, reason: 'API_ERROR', message: `${apiErrorHint(status, context.wording)} (HTTP ${status}: ${detail}).` };
  }
  throw error;
}

const seconds = (ms: number) => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

function apiErrorHint(status: number, { noun, plural, modelSetting }: CallWording): string {
  if (status === 401) return 'The Anthropic API rejected the API key: check ANTHROPIC_API_KEY';
  if (status === 403) return 'The Anthropic API key may not use this model or feature';
  if (status === 404) return `The Anthropic API does not know the ${noun} model: check ${modelSetting}`;
  if (status === 413) return `The session was too large for the ${noun} model`;
  if (status === 429) return `The Anthropic API is rate limiting ${plural}: try again in a minute`;
  if (status === 529) return 'The Anthropic API is overloaded: try again in a few minutes';
  if (status >= 500) return `The Anthropic API failed to make the ${noun}: try again in a few minutes`;
  return `The Anthropic API refused the ${noun} request`;
}
