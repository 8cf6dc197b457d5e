/**
 * The ingest facing hostile or broken clients (issue #10): deeply nested JSON, junk hook event names and
 * any spelling of the Bearer scheme get a clear 4xx with a stable code — never a 500, never a crash — and
 * the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH } from '../events/jsonDepth.js';
import { NDJSON_CONTENT_TYPE } from '../events/ndjsonBatch.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { buildIngestApp } from './buildIngestApp.js';

const TOKEN = 'test-token-0123456789abcdef';
const SESSION = '5e0c2a52-0d7e-4d0e-9a3e-0123456789ab';
const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('the ingest under hostile input', () => {
  let store: EventStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    app = buildIngestApp({ store, readModel: createSqliteReadModel({ path: ':memory:' }), token: TOKEN });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const send = (payload: string, contentType = 'application/json', authorization = `Bearer ${TOKEN}`) =>
    app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': contentType, authorization }, payload });
  const count = async () => {
    let n = 0;
    for await (const _ of store.readStream(sessionStream(SESSION))) n += 1;
    return n;
  };
  const hookJson = (payload: string) => `{"sessionId":"${SESSION}","items":[{"kind":"hook","observedAt":"2026-01-01T00:00:00Z","payload":${payload}}]}`;
  const hookNdjson = (payload: string) => `{"sessionId":"${SESSION}"}\n{"kind":"hook","observedAt":"2026-01-01T00:00:00Z","payload":${payload}}\n`;
  const lineNdjson = (line: string) => `{"sessionId":"${SESSION}"}\n{"kind":"line","file":"main","offset":0}\n${line}\n`;
  const lineJson = (line: string) => JSON.stringify({ sessionId: SESSION, items: [{ kind: 'line', file: 'main', offset: 0, text: line }] });
  const deepPayload = (depth: number) => `{"session_id":"${SESSION}","hook_event_name":"Stop","deep":${nested(depth)}}`;
  const deepLine = (depth: number) => `{"type":"user","deep":${nestedObject(depth)}}`;

  describe('deeply nested JSON is a 400 JSON_TOO_DEEP, stored nowhere', () => {
    const cases: Array<[string, () => ReturnType<typeof send>]> = [
      ['a JSON body of 100,000 [', () => send('['.repeat(100_000))],
      ['a JSON body of 100,000 balanced [', () => send(nested(100_000))],
      ['a hook payload nested 10,000 deep (JSON)', () => send(hookJson(deepPayload(10_000)))],
      ['a hook payload nested 10,000 deep (NDJSON)', () => send(hookNdjson(deepPayload(10_000)), NDJSON_CONTENT_TYPE)],
      ['an NDJSON line of 100,000 [', () => send(`{"sessionId":"${SESSION}"}\n${'['.repeat(100_000)}\n`, NDJSON_CONTENT_TYPE)],
      ['a transcript line nested 10,000 deep (NDJSON)', () => send(lineNdjson(deepLine(10_000)), NDJSON_CONTENT_TYPE)],
      ['a transcript line nested 10,000 deep (JSON)', () => send(lineJson(deepLine(10_000)))],
      ['a hook payload one level too deep', () => send(hookJson(`{"session_id":"${SESSION}","hook_event_name":"Stop","deep":${nested(MAX_JSON_DEPTH)}}`))],
      ['a transcript line one level too deep', () => send(lineNdjson(`{"type":"user","deep":${nestedObject(MAX_JSON_DEPTH)}}`), NDJSON_CONTENT_TYPE)],
    ];
    it.each(cases)('%s', async (_name, post) => {
      const response = await post();
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('JSON_TOO_DEEP');
      expect(response.json().error.message).toContain(String(MAX_JSON_DEPTH));
      expect(await count()).toBe(0);
    });

    it('takes payloads and lines right at the limit', async () => {
      const payload = `{"session_id":"${SESSION}","hook_event_name":"Stop","deep":${nested(MAX_JSON_DEPTH - 1)}}`;
      expect((await send(hookJson(payload))).statusCode).toBe(200);
      expect((await send(hookNdjson(payload.replace('Stop', 'SubagentStop')), NDJSON_CONTENT_TYPE)).statusCode).toBe(200);
      const line = `{"type":"user","deep":${nestedObject(MAX_JSON_DEPTH - 1)}}`;
      expect((await send(lineNdjson(line), NDJSON_CONTENT_TYPE)).statusCode).toBe(200);
      expect(await count()).toBe(3);
    });

    it('brackets inside strings do not count', async () => {
      const payload = `{"session_id":"${SESSION}","hook_event_name":"Notification","text":"${'[{'.repeat(10_000)} \\" ${'['.repeat(500)}"}`;
      expect((await send(hookJson(payload))).statusCode).toBe(200);
    });
  });

  describe('hook event names', () => {
    const cases: Array<[string, string]> = [
      ['a control character', 'Stop\u0000'],
      ['a newline', 'Pre\nToolUse'],
      ['an escape sequence', '\u001b[31mStop'],
      ['a space', 'Session Start'],
      ['a slash', 'a/b'],
      ['unicode', 'Stöp'],
      ['a leading digit', '1Stop'],
      ["Kap's own event type", 'RecapGenerated'],
      ["Kap's evaluation event type", 'SessionEvalCompleted'],
      ['the transcript line event type', 'TranscriptLine'],
      ['the status line event type', 'StatusLine'],
    ];
    it.each(cases)('refuses %s with INVALID_HOOK_EVENT_NAME (JSON and NDJSON)', async (_name, name) => {
      const payload = JSON.stringify({ session_id: SESSION, hook_event_name: name });
      for (const response of [await send(hookJson(payload)), await send(hookNdjson(payload), NDJSON_CONTENT_TYPE)]) {
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatchObject({ code: 'INVALID_HOOK_EVENT_NAME', itemIndex: 0 });
      }
    });

    it('keeps names it does not know, when they are names', async () => {
      const payload = JSON.stringify({ session_id: SESSION, hook_event_name: 'Future_Event2' });
      expect((await send(hookJson(payload))).statusCode).toBe(200);
    });
  });

  describe('the Bearer scheme', () => {
    const batch = (n: number) =>
      JSON.stringify({ sessionId: SESSION, items: [{ kind: 'hook', key: `bearer-${n}`, payload: { session_id: SESSION, hook_event_name: 'Stop' } }] });
    it.each([['Bearer'], ['bearer'], ['BEARER'], ['bEaReR']])('is case-insensitive: %s', async (scheme) => {
      expect((await send(batch(1), 'application/json', `${scheme} ${TOKEN}`)).statusCode).toBe(200);
    });
    it.each([
      ['another scheme', `Basic ${TOKEN}`, 'MISSING_TOKEN'],
      ['no space', `Bearer${TOKEN}`, 'MISSING_TOKEN'],
      ['a non-ASCII token', 'Bearer tökén-ünïcödé', 'WRONG_TOKEN'],
      ['a longer token', `Bearer ${TOKEN}x`, 'WRONG_TOKEN'],
    ])('refuses %s', async (_name, authorization, code) => {
      const response = await send(batch(2), 'application/json', authorization);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe(code);
    });
  });

  it('keeps serving after all of it', async () => {
    const response = await send(hookJson(JSON.stringify({ session_id: SESSION, hook_event_name: 'SessionEnd' })));
    expect(response.statusCode).toBe(200);
  });
});
