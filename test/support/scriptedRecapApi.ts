/**
 * A loopback imitation of the Anthropic Messages API for the recap adapter (recaps/anthropicRecapper.ts):
 * `POST /v1/messages` answers, in order, with the scripted steps, as non-streaming JSON `message` objects
 * (one `tool_use` block, or one text block) or as an Anthropic error body with the step's HTTP status.
 * Every request body is recorded. Anything else is a 404.
 *
 * - A step's `delayMs` holds the answer back (for timeouts); a client that gives up is simply dropped.
 * - Error answers carry `retry-after-ms: 1`, so the SDK's retries (which honour it) take no real time.
 * - Past the last step the answer is a 500 with `x-should-retry: false` ("no step left").
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecapApiStep =
  | { kind: 'tool'; input: unknown; name?: string; model?: string; stopReason?: 'tool_use' | 'max_tokens' | 'end_turn'; delayMs?: number }
  | { kind: 'text'; text: string; delayMs?: number }
  | { kind: 'error'; status: number; type?: string; message?: string; delayMs?: number };

export interface RecordedRecapRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface ScriptedRecapApi {
  /** Base URL, e.g. `http://127.0.0.1:43121` (the SDK's `baseURL`). */
  url: string;
  /** Request bodies of `POST /v1/messages`, in arrival order. */
  requests: RecordedRecapRequest[];
  close(): Promise<void>;
}

/** A `tool_use` answer of the `record_recap` tool with this input. */
export const recapToolStep = (input: unknown, extra: Partial<Extract<RecapApiStep, { kind: 'tool' }>> = {}): RecapApiStep => ({ kind: 'tool', input, ...extra });

/** `script`: the steps in order, or a function choosing the step for the n-th request (0-based). */
export async function startScriptedRecapApi(script: readonly RecapApiStep[] | ((body: any, n: number) => RecapApiStep)): Promise<ScriptedRecapApi> {
  const requests: RecordedRecapRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== '/v1/messages') return send(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${req.method} ${req.url}` } });
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } });
      }
      const n = requests.length;
      requests.push({ path, headers: req.headers, body });
      const step = typeof script === 'function' ? script(body, n) : script[n];
      const answer = () => (step ? reply(res, step, body, n) : send(res, 500, errorBody('api_error', 'scripted recap API: no step left'), { 'x-should-retry': 'false' }));
      if (!step?.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, step.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

function reply(res: ServerResponse, step: RecapApiStep, body: any, n: number): void {
  if (step.kind === 'error') {
    send(res, step.status, errorBody(step.type ?? 'api_error', step.message ?? `scripted error ${step.status}`), { 'retry-after-ms': '1' });
    return;
  }
  const model = (step.kind === 'tool' ? step.model : undefined) ?? (typeof body?.model === 'string' ? body.model : 'claude-scripted');
  const content =
    step.kind === 'tool'
      ? [{ type: 'tool_use', id: `toolu_scripted_${n}`, name: step.name ?? 'record_recap', input: step.input }]
      : [{ type: 'text', text: step.text, citations: null }];
  send(res, 200, {
    id: `msg_scripted_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: step.kind === 'tool' ? (step.stopReason ?? 'tool_use') : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: Math.ceil(JSON.stringify(body ?? {}).length / 4), output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  });
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_scripted_${Date.now()}`, ...headers });
  res.end(JSON.stringify(payload));
}
