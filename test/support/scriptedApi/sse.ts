/** SSE encoding of one message: message_start → content_block_start/delta/stop… → message_delta → message_stop, with pings. */
import type { ServerResponse } from 'node:http';
import type { ApiMessage } from './message.js';
import { sleep } from './sleep.js';

/** Write the SSE event sequence for one message. */
export async function streamMessage(res: ServerResponse, requestId: string, message: ApiMessage, delayMs: number): Promise<void> {
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
