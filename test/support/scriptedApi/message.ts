/** The Anthropic message object built from a scripted reply, and the error body for a scripted failure. */
import { randomBytes } from 'node:crypto';
import type { Reply, ReplyError, ReplyUsage } from './types.js';

const DEFAULT_USAGE: Required<ReplyUsage> = {
  input_tokens: 100,
  output_tokens: 20,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};

/** An Anthropic message object: `{ id, type: 'message', role, model, content, stop_reason, usage }`. */
export interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ({ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> })[];
  stop_reason: string;
  stop_sequence: null;
  usage: Required<ReplyUsage>;
}

export function buildMessage(reply: Reply, requestModel: string | undefined): ApiMessage {
  const content: ApiMessage['content'] = [];
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
  for (const call of reply.toolUses ?? []) {
    content.push({ type: 'tool_use', id: call.id ?? newToolUseId(), name: call.name, input: call.input });
  }
  if (content.length === 0) content.push({ type: 'text', text: '' });
  const hasTools = (reply.toolUses ?? []).length > 0;
  return {
    id: `msg_scripted_${randomBytes(8).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model: reply.model ?? requestModel ?? 'claude-sonnet-4-5',
    content,
    stop_reason: reply.stopReason ?? (hasTools ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { ...DEFAULT_USAGE, ...reply.usage },
  };
}

export function errorBody(error: ReplyError): unknown {
  return { type: 'error', error: { type: error.type ?? 'api_error', message: error.message ?? 'scripted error' } };
}

function newToolUseId(): string {
  return `toolu_scripted_${randomBytes(10).toString('hex')}`;
}
