/**
 * Server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) on a Fastify reply:
 * the live parts of the web pages (index status dots, a session page's live follow) read these with
 * `EventSource`. The route must not be compressed (`{ config: { compress: false } }` under
 * @fastify/compress), or events would sit in the compressor's buffer.
 *
 * A comment line (`: keep-alive`) every `heartbeatMs` keeps proxies from closing an idle stream; `retry:`
 * tells the browser how long to wait before reconnecting after a drop.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface EventStream {
  /** Sends one event: `event` its type, `data` JSON-encoded (one line), `id` the last-event id to resume from. */
  send(event: string, data: unknown, id?: string): void;
  /** Calls `onClose` once when the client goes away or the stream is closed. */
  onClose(onClose: () => void): void;
  close(): void;
  readonly closed: boolean;
}

/** Takes over `reply` (Fastify no longer answers it) and starts the stream with its headers. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: { heartbeatMs?: number; retryMs?: number; headers?: Record<string, string> } = {}): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
    ...options.headers,
  });
  raw.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  const listeners: Array<() => void> = [];
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners.splice(0)) {
      try {
        listener();
      } catch {
        // a listener's failure is its own
      }
    }
  };
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  request.raw.on('close', finish);
  raw.on('error', finish);
  return {
    send(event, data, id) {
      if (closed) return;
      // JSON.stringify never emits a raw newline, so `data` stays one line; event names are Kap's own.
      raw.write(`${id !== undefined ? `id: ${id.replace(/[\r\n]/g, '')}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(onClose) {
      if (closed) onClose();
      else listeners.push(onClose);
    },
    close() {
      finish();
      raw.end();
    },
    get closed() {
      return closed;
    },
  };
}
