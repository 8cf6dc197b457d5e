/** The shapes a script is written in: replies, recorded requests, queues and script functions. */

/** Token counts reported for one reply (all default to small numbers). */
export interface ReplyUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** One tool call the scripted model makes: `{ name: 'Bash', input: { command: 'echo hi' } }`. */
export interface ToolUse {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to a fresh `toolu_…` id. */
  id?: string;
}

/** A scripted HTTP failure, e.g. `{ status: 529, type: 'overloaded_error' }`. */
export interface ReplyError {
  status: number;
  /** Anthropic error type; default `api_error`. */
  type?: string;
  message?: string;
}

/**
 * What the scripted model answers to one request.
 * - `text` and/or `toolUses` form the content (text first); neither → empty text block.
 * - `stopReason` defaults to `tool_use` when there are tool calls, else `end_turn`.
 * - `delayMs` waits before answering (for "long turn" tests; the SSE headers are sent first).
 * - `error` answers with that HTTP status and an Anthropic error body instead.
 */
export interface Reply {
  text?: string;
  toolUses?: ToolUse[];
  usage?: ReplyUsage;
  /** Defaults to the request's model. */
  model?: string;
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  delayMs?: number;
  error?: ReplyError;
}

/** A queue entry: a fixed reply or one computed from the request. */
export type ReplyStep = Reply | ((req: RecordedRequest) => Reply);

/** Which agent a request comes from. */
export type RequestKind = 'main' | 'subagent' | 'side' | 'other';

/** One request as received. `body` is the parsed JSON body (undefined when absent or not JSON). */
export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: MessagesRequestBody | undefined;
  kind: RequestKind;
  /** Index of this request among all recorded requests. */
  seq: number;
}

/** The part of a Messages API request body the scripts look at. */
export interface MessagesRequestBody {
  model?: string;
  stream?: boolean;
  system?: string | { type: string; text: string }[];
  tools?: { name: string; [k: string]: unknown }[];
  messages?: { role: string; content: unknown }[];
  [k: string]: unknown;
}

/** Separate queues per request kind. `side` defaults to `SIDE_REPLY` (not consumed). */
export interface ScriptQueues {
  main?: ReplyStep[];
  subagent?: ReplyStep[];
  side?: ReplyStep;
}

/** Context given to a function script: counts of requests of each kind so far, this one included. */
export interface ScriptContext {
  countOfKind: (kind: RequestKind) => number;
}

export type ScriptFn = (req: RecordedRequest, ctx: ScriptContext) => Reply | undefined;

export type Script = ReplyStep[] | ScriptQueues | ScriptFn;
