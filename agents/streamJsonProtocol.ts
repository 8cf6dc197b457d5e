/**
 * Claude Code's stream-json protocol, the way the Claude Agent SDK drives the CLI:
 *
 *   claude -p --input-format stream-json --output-format stream-json --verbose --permission-prompt-tool stdio
 *
 * One JSON object per line each way. Observed on 2.1.197 (test/support/CLAUDE-CODE-OBSERVED.md, "Permission
 * requests" and "Hosting a session"):
 * - we write a prompt `{type: "user", message: {role: "user", content}, parent_tool_use_id: null, session_id: ""}`;
 * - claude writes `system/init` (`session_id`), `assistant` (one per content block), `user` (tool results),
 *   and `result` at the end of each turn (`subtype` `success` or `error_…`, `is_error`, `result` text,
 *   `session_id`, `total_cost_usd`, `num_turns`, `errors`);
 * - a tool call outside the allowed set is a `control_request` `{request_id, request: {subtype: "can_use_tool",
 *   tool_name, input, description, tool_use_id, …}}`, answered by our `control_response` `{subtype: "success",
 *   request_id, response: {behavior: "allow", updatedInput} | {behavior: "deny", message}}`;
 * - `control_cancel_request {request_id}`: claude withdrew a request (a hook answered first, or a stop);
 * - our `control_request {subtype: "interrupt"}` stops the running turn: claude answers `control_response`
 *   success, ends the turn with a `result` of subtype `error_during_execution`, and stays ready for the next
 *   prompt (SIGINT instead makes it exit at once, without a result).
 * Pure encoders and a decoder; the process lives in claudeCliRunner.ts.
 */
import { z } from 'zod';
import type { PermissionAnswer, PermissionAsk } from './agentRunner.js';

/** What Kap reads from one stdout line; anything else is `other`. */
export type ClaudeOutput =
  | { kind: 'init'; sessionId: string }
  | { kind: 'assistantText'; text: string }
  | { kind: 'result'; result: TurnResultMessage }
  | { kind: 'permissionRequest'; requestId: string; ask: PermissionAsk }
  | { kind: 'unsupportedRequest'; requestId: string; subtype: string }
  | { kind: 'cancelRequest'; requestId: string }
  | { kind: 'controlResponse'; requestId: string; ok: boolean }
  | { kind: 'other' };

/** The `result` message that ends a turn (fields Kap uses). */
export interface TurnResultMessage {
  /** `success`, or `error_during_execution` (after an interrupt, an unknown `--resume` id), `error_max_turns`, … */
  subtype: string;
  isError: boolean;
  /** The final answer text (absent after an interrupt). */
  text: string | null;
  sessionId: string | null;
  costUsd: number | null;
  numTurns: number | null;
  /** Claude Code's error lines, e.g. "No conversation found with session ID: <id>". */
  errors: string[];
}

const ResultLine = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  session_id: z.string().optional(),
  total_cost_usd: z.number().optional(),
  num_turns: z.number().optional(),
  errors: z.array(z.unknown()).optional(),
});

const InitLine = z.looseObject({ type: z.literal('system'), subtype: z.literal('init'), session_id: z.string() });

const AssistantLine = z.looseObject({
  type: z.literal('assistant'),
  parent_tool_use_id: z.string().nullish(),
  message: z.looseObject({ content: z.array(z.looseObject({ type: z.string(), text: z.unknown().optional() })) }),
});

const ControlRequestLine = z.looseObject({
  type: z.literal('control_request'),
  request_id: z.string(),
  request: z.looseObject({ subtype: z.string() }),
});

const CanUseTool = z.looseObject({
  subtype: z.literal('can_use_tool'),
  tool_name: z.string(),
  input: z.record(z.string(), z.unknown()).optional(),
  tool_use_id: z.string().optional(),
  description: z.string().optional(),
});

const CancelLine = z.looseObject({ type: z.literal('control_cancel_request'), request_id: z.string() });

const ControlResponseLine = z.looseObject({
  type: z.literal('control_response'),
  response: z.looseObject({ subtype: z.string(), request_id: z.string() }),
});

/** Decodes one stdout line. Lines that are not JSON, or not a shape Kap uses, are `other`. */
export function decodeClaudeLine(line: string): ClaudeOutput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'other' };
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type === 'result') {
    const parsed = ResultLine.safeParse(value);
    return parsed.success ? { kind: 'result', result: toTurnResult(parsed.data) } : { kind: 'other' };
  }
  if (type === 'system') {
    const parsed = InitLine.safeParse(value);
    return parsed.success ? { kind: 'init', sessionId: parsed.data.session_id } : { kind: 'other' };
  }
  if (type === 'assistant') {
    const parsed = AssistantLine.safeParse(value);
    // A subagent's messages carry the parent Agent call's id: they are not the answer.
    if (!parsed.success || parsed.data.parent_tool_use_id) return { kind: 'other' };
    const texts = parsed.data.message.content.filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text as string);
    return { kind: 'assistantText', text: texts.join('') };
  }
  if (type === 'control_request') return decodeControlRequest(value);
  if (type === 'control_cancel_request') {
    const parsed = CancelLine.safeParse(value);
    return parsed.success ? { kind: 'cancelRequest', requestId: parsed.data.request_id } : { kind: 'other' };
  }
  if (type === 'control_response') {
    const parsed = ControlResponseLine.safeParse(value);
    if (!parsed.success) return { kind: 'other' };
    return { kind: 'controlResponse', requestId: parsed.data.response.request_id, ok: parsed.data.response.subtype === 'success' };
  }
  return { kind: 'other' };
}

function decodeControlRequest(value: unknown): ClaudeOutput {
  const parsed = ControlRequestLine.safeParse(value);
  if (!parsed.success) return { kind: 'other' };
  const requestId = parsed.data.request_id;
  const ask = CanUseTool.safeParse(parsed.data.request);
  if (!ask.success) return { kind: 'unsupportedRequest', requestId, subtype: parsed.data.request.subtype };
  return {
    kind: 'permissionRequest',
    requestId,
    ask: {
      toolName: ask.data.tool_name,
      input: ask.data.input ?? {},
      toolUseId: ask.data.tool_use_id ?? null,
      description: ask.data.description ?? null,
    },
  };
}

function toTurnResult(line: z.infer<typeof ResultLine>): TurnResultMessage {
  return {
    subtype: line.subtype,
    isError: line.is_error ?? line.subtype !== 'success',
    text: line.result ?? null,
    sessionId: line.session_id ?? null,
    costUsd: line.total_cost_usd ?? null,
    numTurns: line.num_turns ?? null,
    errors: (line.errors ?? []).map(String),
  };
}

/** A prompt, as one stdin line (with its newline). */
export function encodePrompt(text: string): string {
  return line({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
}

/**
 * The answer to a `can_use_tool` request. Claude Code's allow needs `updatedInput` (the tool runs with it):
 * Kap passes the asked input unchanged.
 */
export function encodePermissionAnswer(requestId: string, answer: PermissionAnswer, input: Record<string, unknown>): string {
  const response = answer.behavior === 'allow' ? { behavior: 'allow', updatedInput: input } : { behavior: 'deny', message: answer.message };
  return line({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } });
}

/** Refuses a control request Kap does not handle (claude then carries on without it). */
export function encodeControlError(requestId: string, message: string): string {
  return line({ type: 'control_response', response: { subtype: 'error', request_id: requestId, error: message } });
}

/** Stops the running turn (see the module comment for what claude does). */
export function encodeInterrupt(requestId: string): string {
  return line({ type: 'control_request', request_id: requestId, request: { subtype: 'interrupt' } });
}

function line(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}
