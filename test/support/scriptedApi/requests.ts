/** Reading a recorded Messages API request: its kind, system prompt, tools, first prompt, tool results. */
import type { MessagesRequestBody, RecordedRequest, RequestKind } from './types.js';

/** In the billing-header block of a subagent's system prompt. */
const SUBAGENT_MARKER = /\bcc_is_subagent=true\b/;

/**
 * Classify a request: `side` when it offers no tools, `subagent` when its system prompt carries
 * `cc_is_subagent=true`, else `main`. Non-messages requests are `other`.
 */
export function classifyRequest(method: string, path: string, body: MessagesRequestBody | undefined): RequestKind {
  if (method !== 'POST' || !isMessagesPath(path) || body === undefined) return 'other';
  const tools = body.tools ?? [];
  if (tools.length === 0) return 'side';
  return SUBAGENT_MARKER.test(systemOf(body)) ? 'subagent' : 'main';
}

/** The system prompt as one string (text blocks joined with newlines). */
export function systemText(req: RecordedRequest): string {
  return req.body === undefined ? '' : systemOf(req.body);
}

function systemOf(body: MessagesRequestBody): string {
  const system = body.system;
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system.map((b) => b.text).join('\n');
}

/** Tool names offered in the request. */
export function toolNames(req: RecordedRequest): string[] {
  return (req.body?.tools ?? []).map((t) => t.name);
}

/** The text of the first user message (for a subagent: the `prompt` its Agent call was given). */
export function firstUserText(req: RecordedRequest): string {
  const first = (req.body?.messages ?? []).find((m) => m.role === 'user');
  if (first === undefined) return '';
  if (typeof first.content === 'string') return first.content;
  if (!Array.isArray(first.content)) return '';
  const texts = (first.content as { type?: string; text?: string }[])
    .filter((b) => b.type === 'text' && typeof b.text === 'string' && !b.text.startsWith('<system-reminder>'))
    .map((b) => b.text ?? '');
  return texts.join('\n');
}

/**
 * The `tool_result` blocks of the last user message: `[{ tool_use_id, content, is_error? }]`.
 * (2.1.197 may put `role: "system"` messages after it, so the last message is not always the one.)
 */
export function lastToolResults(req: RecordedRequest): { tool_use_id: string; content: unknown; is_error?: boolean }[] {
  const last = (req.body?.messages ?? []).findLast((m) => m.role === 'user');
  if (last === undefined || !Array.isArray(last.content)) return [];
  return (last.content as { type?: string }[])
    .filter((b) => b.type === 'tool_result')
    .map((b) => b as unknown as { tool_use_id: string; content: unknown; is_error?: boolean });
}

export function isMessagesPost(r: RecordedRequest): boolean {
  return r.method === 'POST' && isMessagesPath(r.path);
}

function isMessagesPath(path: string): boolean {
  return pathname(path) === '/v1/messages';
}

export function pathname(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

export function parseJson(raw: string): MessagesRequestBody | undefined {
  if (raw.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as MessagesRequestBody) : undefined;
  } catch {
    return undefined;
  }
}

