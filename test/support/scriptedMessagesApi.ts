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
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { closeServer, listen, readBody, sendJson } from './scriptedApi/http.js';
import { buildMessage, errorBody } from './scriptedApi/message.js';
import { classifyRequest, isMessagesPost, parseJson, pathname } from './scriptedApi/requests.js';
import { makeDecider } from './scriptedApi/script.js';
import { sleep } from './scriptedApi/sleep.js';
import { streamMessage } from './scriptedApi/sse.js';
import type { RecordedRequest, Reply, RequestKind, Script } from './scriptedApi/types.js';

export type {
  MessagesRequestBody,
  RecordedRequest,
  Reply,
  ReplyError,
  ReplyStep,
  ReplyUsage,
  RequestKind,
  Script,
  ScriptContext,
  ScriptFn,
  ScriptQueues,
  ToolUse,
} from './scriptedApi/types.js';
export { classifyRequest, firstUserText, lastToolResults, systemText, toolNames } from './scriptedApi/requests.js';
export { DONE_REPLY, SIDE_REPLY } from './scriptedApi/script.js';

export interface ScriptedMessagesApi {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Every request received, in order (probes included). */
  requests: RecordedRequest[];
  /** Only the `POST /v1/messages` requests, optionally of one kind. */
  messageRequests: (kind?: RequestKind) => RecordedRequest[];
  close: () => Promise<void>;
}

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
