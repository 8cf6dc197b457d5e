import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream } from './serverSentEvents.js';

describe('server-sent events', () => {
  const app = Fastify();
  afterEach(async () => app.close());

  it('streams events as text/event-stream and tells the route when the client goes away', async () => {
    let closedByClient!: () => void;
    const clientGone = new Promise<void>((resolve) => (closedByClient = resolve));
    app.get('/events', (request, reply) => {
      const stream = openEventStream(request, reply, { retryMs: 1500 });
      stream.onClose(closedByClient);
      stream.send('status', { sessionId: 'a\nb', status: 'running' }, '7');
      stream.send('status', { sessionId: '__proto__', status: 'ended' });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/events`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('__proto__')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe('retry: 1500\n\nid: 7\nevent: status\ndata: {"sessionId":"a\\nb","status":"running"}\n\nevent: status\ndata: {"sessionId":"__proto__","status":"ended"}\n\n');
    abort.abort();
    await clientGone;
  });
});
