/**
 * A loopback imitation of the Anthropic Messages API, for running the real Claude Code CLI offline.
 *
 * `startScriptedMessagesApi(script)` listens on 127.0.0.1:<random port> and answers:
 * - `POST /v1/messages[?beta=true]`: a reply chosen by the script, streamed as SSE when the body says
 *   `stream: true` (message_start → content_block_start/delta/stop… → message_delta → message_stop),
 *   else as one JSON message;
 * - `POST /v1/messages/count_tokens`: `{ input_tokens }` (a rough estimate);
 * - anything else (`HEAD /`, probes, and `type: "http"` hooks pointed at it): 200 with `{}`, recorded.
 * Every response carries a `request-id` header (it becomes the transcript's `requestId`).
 *
 * Requests are classified (see `classifyRequest`):
 * - `side`: no tools at all (title generation, topic detection, summaries…);
 * - `subagent`: a subagent launched by the main agent's `Agent` tool: its system prompt's first block
 *   (the billing header) says `cc_is_subagent=true` (2.1.197; a general-purpose subagent's tool list
 *   still holds `Agent` and `--tools`/`--disallowedTools` can remove it from the main agent's, so the
 *   tool list cannot tell them apart);
 * - `main`: any other tool-bearing request.
 *
 * A script is either
 * - an array of replies, consumed in order by `main` requests (subagents then get `DONE_REPLY`); or
 * - a `ScriptQueues` object `{ main?, subagent?, side? }`: one queue per kind (concurrent subagents
 *   share the `subagent` queue: branch on `firstUserText(req)`, the subagent's prompt, when order
 *   matters); or
 * - a function `(req, ctx) => Reply | undefined` deciding everything (undefined → the default reply).
 * `side` requests get `SIDE_REPLY` (never consumed) unless `side` says otherwise. When a queue is
 * exhausted the answer is a plain text "done" with `end_turn`, so claude never hangs.
 * A queue entry may itself be a function `(req) => Reply` computing a reply from the request
 * (e.g. branching on `lastToolResults(req)`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

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

export interface ScriptedMessagesApi {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Every request received, in order (probes included). */
  requests: RecordedRequest[];
  /** Only the `POST /v1/messages` requests, optionally of one kind. */
  messageRequests: (kind?: RequestKind) => RecordedRequest[];
  close: () => Promise<void>;
}

/** The reply when a queue is exhausted. */
export const DONE_REPLY: Reply = { text: 'done' };
/** The reply to side requests (no tools) unless the script says otherwise. */
export const SIDE_REPLY: Reply = { text: 'Scripted session', usage: { input_tokens: 10, output_tokens: 3 } };

/** In the billing-header block of a subagent's system prompt. */
const SUBAGENT_MARKER = /\bcc_is_subagent=true\b/;

const DEFAULT_USAGE: Required<ReplyUsage> = {
  input_tokens: 100,
  output_tokens: 20,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};

/** Start the server; resolves once it listens. */
export async function startScriptedMessagesApi(script: Script): Promise<ScriptedMessagesApi> {
  const requests: RecordedRequest[] = [];
  const decide = makeDecider(script, requests);
  const server = createServer((req, res) => {
    void handle(req, res, requests, decide).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(err) } }));
    });
  });
  const url = await listen(server);
  return {
    url,
    requests,
    messageRequests: (kind) => requests.filter((r) => isMessagesPost(r) && (kind === undefined || r.kind === kind)),
    close: () => closeServer(server),
  };
}

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

function makeDecider(script: Script, requests: RecordedRequest[]): (req: RecordedRequest) => Reply {
  const ctx: ScriptContext = {
    countOfKind: (kind) => requests.filter((r) => r.kind === kind).length,
  };
  if (typeof script === 'function') return (req) => script(req, ctx) ?? defaultReply(req);
  const queues: ScriptQueues = Array.isArray(script) ? { main: script } : script;
  const main = [...(queues.main ?? [])];
  const subagent = [...(queues.subagent ?? [])];
  return (req) => {
    if (req.kind === 'main') return resolveStep(main.shift(), req);
    if (req.kind === 'subagent') return resolveStep(subagent.shift(), req);
    return resolveStep(queues.side ?? SIDE_REPLY, req);
  };
}

function resolveStep(step: ReplyStep | undefined, req: RecordedRequest): Reply {
  if (step === undefined) return defaultReply(req);
  return typeof step === 'function' ? step(req) : step;
}

function defaultReply(req: RecordedRequest): Reply {
  return req.kind === 'side' ? SIDE_REPLY : DONE_REPLY;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  requests: RecordedRequest[],
  decide: (req: RecordedRequest) => Reply,
): Promise<void> {
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const body = parseJson(raw);
  const recorded: RecordedRequest = {
    method,
    path,
    headers: { ...req.headers },
    body,
    kind: classifyRequest(method, path, body),
    seq: requests.length,
  };
  requests.push(recorded);
  const requestId = `req_scripted_${String(recorded.seq).padStart(4, '0')}_${randomBytes(4).toString('hex')}`;
  if (method === 'POST' && pathname(path) === '/v1/messages/count_tokens') {
    return sendJson(res, 200, requestId, { input_tokens: Math.ceil(raw.length / 4) });
  }
  if (!isMessagesPost(recorded)) return sendJson(res, 200, requestId, {});
  const reply = decide(recorded);
  if (reply.error !== undefined) {
    await sleep(reply.delayMs ?? 0);
    return sendJson(res, reply.error.status, requestId, errorBody(reply.error));
  }
  const message = buildMessage(reply, body?.model);
  if (body?.stream === true) return streamMessage(res, requestId, message, reply.delayMs ?? 0);
  await sleep(reply.delayMs ?? 0);
  sendJson(res, 200, requestId, message);
}

/** An Anthropic message object: `{ id, type: 'message', role, model, content, stop_reason, usage }`. */
interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ({ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> })[];
  stop_reason: string;
  stop_sequence: null;
  usage: Required<ReplyUsage>;
}

function buildMessage(reply: Reply, requestModel: string | undefined): ApiMessage {
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

/** Write the SSE event sequence for one message. */
async function streamMessage(res: ServerResponse, requestId: string, message: ApiMessage, delayMs: number): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': requestId,
  });
  const send = (event: string, data: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const { content, usage, stop_reason, ...head } = message;
  send('message_start', {
    type: 'message_start',
    message: { ...head, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  send('ping', { type: 'ping' });
  await sleepWithPings(delayMs, () => send('ping', { type: 'ping' }));
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

/** Sleep `ms`, calling `ping` every 5 s so idle-stream watchdogs stay quiet. */
async function sleepWithPings(ms: number, ping: () => void): Promise<void> {
  let left = ms;
  while (left > 0) {
    const step = Math.min(left, 5000);
    await sleep(step);
    left -= step;
    if (left > 0) ping();
  }
}

function errorBody(error: ReplyError): unknown {
  return { type: 'error', error: { type: error.type ?? 'api_error', message: error.message ?? 'scripted error' } };
}

function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId });
  res.end(text);
}

function isMessagesPost(r: RecordedRequest): boolean {
  return r.method === 'POST' && isMessagesPath(r.path);
}

function isMessagesPath(path: string): boolean {
  return pathname(path) === '/v1/messages';
}

function pathname(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

function parseJson(raw: string): MessagesRequestBody | undefined {
  if (raw.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as MessagesRequestBody) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function newToolUseId(): string {
  return `toolu_scripted_${randomBytes(10).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
