import { describe, expect, it } from 'vitest';
import type { IngestBatch } from './ingestBatch.js';
import { MAX_JSON_DEPTH } from './jsonDepth.js';
import { decodeNdjsonBody, encodeNdjsonBatch, encodeNdjsonBody } from './ndjsonBatch.js';

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

  it('decode lines as bytes, reading headers written otherwise with JSON.parse', () => {
    const text = '{"type":"user"}';
    const written = [
      '{"sessionId":"s1"}',
      '{"kind":"line","file":"main","offset":1234567}',
      text,
      '{"offset": 5, "kind": "line", "file": "subagents/agent-a.jsonl"}',
      text,
      '{"kind":"line","file":"main","offset":007}',
      text,
      JSON.stringify(hook),
      '',
    ].join('\n');
    const decoded = decodeNdjsonBody(Buffer.from(written));
    expect(decoded.ok).toBe(false); // the leading zeros are not JSON
    const good = written.replace('007', '7');
    const result = decodeNdjsonBody(Buffer.from(good));
    expect(result).toEqual({
      ok: true,
      batch: {
        sessionId: 's1',
        items: [
          { kind: 'lineBytes', file: 'main', offset: 1234567, bytes: Buffer.from(text) },
          { kind: 'lineBytes', file: 'subagents/agent-a.jsonl', offset: 5, bytes: Buffer.from(text) },
          { kind: 'lineBytes', file: 'main', offset: 7, bytes: Buffer.from(text) },
          hook,
        ],
      },
    });
  });

  it('say which line is wrong', () => {
    expect(decodeNdjsonBody(Buffer.from(''))).toEqual({ ok: false, code: 'INVALID_NDJSON', message: 'empty body' });
    expect(decodeNdjsonBody(Buffer.from('{"sessionId":"s1"}\n[1]\n'))).toEqual({ ok: false, code: 'INVALID_NDJSON', message: 'line 2: not a JSON object' });
    expect(decodeNdjsonBody(Buffer.from('{"sessionId":"s1"}\n{"kind":"line","file":"main","offset":0}'))).toEqual({
      ok: false,
      code: 'INVALID_NDJSON',
      message: 'line 2: a line item without its transcript line',
    });
  });

  it('refuse an item line nested deeper than a payload may be, before parsing it', () => {
    const deep = (depth: number) => `{"sessionId":"s1"}\n{"kind":"hook","payload":{"d":${'['.repeat(depth)}${']'.repeat(depth)}}}\n`;
    expect(decodeNdjsonBody(Buffer.from(deep(MAX_JSON_DEPTH - 1))).ok).toBe(true);
    expect(decodeNdjsonBody(Buffer.from(deep(MAX_JSON_DEPTH)))).toMatchObject({ ok: false, code: 'JSON_TOO_DEEP', message: expect.stringMatching(/^line 2: .*256/) });
    expect(decodeNdjsonBody(Buffer.from(`{"sessionId":"s1"}\n${'['.repeat(100_000)}\n`))).toMatchObject({ ok: false, code: 'JSON_TOO_DEEP' });
  });
});
