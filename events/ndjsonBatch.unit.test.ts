import { describe, expect, it } from 'vitest';
import type { IngestBatch } from './ingestBatch.js';
import { encodeNdjsonBatch, encodeNdjsonBody } from './ndjsonBatch.js';

const hook = { kind: 'hook' as const, observedAt: '2026-01-01T00:00:00Z', payload: { session_id: 's1', hook_event_name: 'Stop', note: 'é\u2028"' } };

describe('NDJSON batches', () => {
  it('encode lines given as bytes, as text or pre-encoded into the same body', () => {
    const text = '{"type":"user","message":{"content":"héllo 😀"}}';
    const asText: IngestBatch = { sessionId: 's1', context: { repo: 'acme/app' }, items: [{ kind: 'line', file: 'main', offset: 0, text }, hook] };
    const body = encodeNdjsonBody({
      sessionId: 's1',
      context: { repo: 'acme/app' },
      items: [
        { kind: 'lineBytes', file: 'main', offset: 0, bytes: Buffer.from(text) },
        { kind: 'encoded', ndjson: JSON.stringify(hook) },
      ],
    });
    expect(body.toString('utf8')).toBe(encodeNdjsonBatch(asText));
    expect(encodeNdjsonBody(asText).toString('utf8')).toBe(encodeNdjsonBatch(asText));
  });
});
