/**
 * The ingest over HTTP (Fastify inject) on a real embedded store: bad input gets a precise 4xx, nothing
 * partial is stored, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_LINE_BYTES } from '../events/ingestBatch.js';
import { encodeNdjsonBatch, NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';
import type { EventStore, RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { buildIngestApp } from './buildIngestApp.js';

const TOKEN = 'test-token-0123456789abcdef';
const SESSION = '7f0c2a52-0d7e-4d0e-9a3e-0123456789ab';
const line = (uuid: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'user', uuid, sessionId: SESSION, timestamp: '2026-01-01T00:00:00Z', message: { role: 'user', content: 'hi' }, ...extra });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('POST /v1/events', () => {
  let store: EventStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    app = buildIngestApp({ store, readModel: createSqliteReadModel({ path: ':memory:' }), token: TOKEN, bodyLimitBytes: 4 * 1024 * 1024 });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
  const stored = async (): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream(sessionStream(SESSION))) out.push(e);
    return out;
  };
  const batch = (items: unknown[]) => ({ sessionId: SESSION, items });
  const lineItem = (text: string, offset = 0) => ({ kind: 'line', file: 'main', offset, text });

  it('answers /healthz without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ ok: true });
  });

  it('stores a batch once: a re-send appends nothing', async () => {
    const body = batch([
      lineItem(line(uuid(1))),
      { kind: 'hook', observedAt: '2026-01-01T00:00:01Z', payload: { session_id: SESSION, hook_event_name: 'Stop', transcript_path: '/t.jsonl', cwd: '/w' } },
    ]);
    expect((await post(body)).json()).toEqual({ appended: 2, skipped: 0, revision: 1 });
    expect((await post(body)).json()).toEqual({ appended: 0, skipped: 2, revision: 1 });
    const events = await stored();
    expect(events.map((e) => [e.type, e.metadata.source])).toEqual([
      ['TranscriptLine', 'transcript'],
      ['Stop', 'hook'],
    ]);
    expect(events[0]!.id).toBe(uuid(1));
  });

  it('takes the NDJSON wire format, lines stored byte for byte as sent', async () => {
    const text = line(uuid(20), { note: 'spaces  kept' });
    const body = encodeNdjsonBatch({ sessionId: SESSION, items: [{ kind: 'line', file: 'main', offset: 7, text }] });
    const response = await app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': NDJSON_CONTENT_TYPE, authorization: `Bearer ${TOKEN}` }, payload: body });
    expect(response.json()).toMatchObject({ appended: 1 });
    const last = (await stored()).at(-1)!;
    expect(last.id).toBe(uuid(20));
    expect(last.metadata).toMatchObject({ file: 'main', offset: 7 });
  });

  it('refuses NDJSON that is not a batch', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': NDJSON_CONTENT_TYPE, authorization: `Bearer ${TOKEN}` }, payload: `{"sessionId":"${SESSION}"}\n{"kind":"line","file":"main","offset":0}\n` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_NDJSON');
  });

  it('keeps an unknown hook event as it came', async () => {
    const payload = { session_id: SESSION, hook_event_name: 'BrandNewEvent', surprise: { nested: [1, 2] } };
    const response = await post(batch([{ kind: 'hook', observedAt: '2026-01-01T00:00:02Z', payload }]));
    expect(response.statusCode).toBe(200);
    const last = (await stored()).at(-1)!;
    expect([last.type, last.data]).toEqual(['BrandNewEvent', payload]);
  });

  describe('refuses bad input with a clear 4xx and stores nothing', () => {
    const cases: Array<[string, () => Promise<{ statusCode: number; json(): any }>, number, string]> = [
      ['no token', () => post(batch([lineItem(line(uuid(10)))]), {}), 401, 'MISSING_TOKEN'],
      ['a wrong token', () => post(batch([lineItem(line(uuid(10)))]), { authorization: 'Bearer nope-nope-nope-nope' }), 401, 'WRONG_TOKEN'],
      ['malformed JSON', () => post('{"sessionId": "x", items: ['), 400, 'INVALID_JSON'],
      ['invalid UTF-8', () => post(Buffer.concat([Buffer.from('{"sessionId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","items":[]}')])), 400, 'INVALID_UTF8'],
      ['a wrong field type in the batch', () => post({ sessionId: SESSION, items: [{ kind: 'line', file: 'main', offset: 'zero', text: line(uuid(10)) }] }), 400, 'INVALID_BATCH'],
      ['a session id that is not one', () => post({ sessionId: '../etc', items: [lineItem(line(uuid(10)))] }), 400, 'INVALID_BATCH'],
      ['a line that is not JSON, after a good one', () => post(batch([lineItem(line(uuid(10))), lineItem('{"type":')])), 400, 'INVALID_LINE'],
      ['a wrong field type in a line', () => post(batch([lineItem(line(uuid(10))), lineItem(JSON.stringify({ type: 'assistant', message: { usage: { input_tokens: 'many' } } }), 99)])), 400, 'INVALID_LINE'],
      ['a hook payload without hook_event_name', () => post(batch([lineItem(line(uuid(10))), { kind: 'hook', observedAt: '2026-01-01T00:00:00Z', payload: { session_id: SESSION } }])), 400, 'INVALID_HOOK_PAYLOAD'],
      ['a hook payload of another session', () => post(batch([{ kind: 'hook', observedAt: '2026-01-01T00:00:00Z', payload: { session_id: 'other', hook_event_name: 'Stop' } }])), 400, 'SESSION_MISMATCH'],
      ['a line over 1 MiB', () => post(batch([lineItem(line(uuid(10))), lineItem(line(uuid(11), { big: 'x'.repeat(MAX_LINE_BYTES) }), 500)])), 413, 'LINE_TOO_LARGE'],
      ['a body over the limit', () => post(batch([lineItem(line(uuid(10), { big: 'y'.repeat(5 * 1024 * 1024) }))])), 413, 'BODY_TOO_LARGE'],
    ];
    it.each(cases)('%s', async (_name, send, status, code) => {
      const before = (await stored()).length;
      const response = await send();
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(response.json().error.message.length).toBeGreaterThan(5);
      expect((await stored()).length).toBe(before);
    });

    it('names the offending item and field', async () => {
      const response = await post(batch([lineItem(line(uuid(12))), lineItem(JSON.stringify({ type: 'assistant', message: { usage: { input_tokens: 'many' } } }), 7)]));
      expect(response.json().error).toMatchObject({ code: 'INVALID_LINE', itemIndex: 1 });
      expect(response.json().error.message).toMatch(/items\[1\].*input_tokens/s);
    });

    it('keeps serving after all of it', async () => {
      const response = await post(batch([lineItem(line(uuid(13)))]));
      expect(response.statusCode).toBe(200);
      expect(response.json().appended).toBe(1);
    });
  });
});
