import { describe, expect, it } from 'vitest';
import { decodeNdjsonBody } from '../events/ndjsonBatch.js';
import type { InboxEntry } from './collectorState.js';
import { prepareEntry } from './inboxPayload.js';
import { REDACTED } from './redact.js';

const observedAt = '2025-01-02T03:04:05.678Z';
const entry = (text: string): InboxEntry => ({ path: '/inbox/x', observedAt, text, bytes: Buffer.byteLength(text), tooLarge: false, writtenAt: new Date(0) });
const session = 'aaaaaaaa-0000-4000-8000-000000000001';

/** The NDJSON line of a shipped entry. */
function shippedLine(text: string): string {
  const prepared = prepareEntry(entry(text), Date.now());
  if (prepared.kind !== 'ship') throw new Error(`not shipped: ${JSON.stringify(prepared)}`);
  return prepared.item.ndjson;
}

describe('prepareEntry: the shipped item line', () => {
  const payload = `{"session_id":"${session}","hook_event_name":"PostToolUse","tool_input":{"n":12345678901234567890,"f":1.0,"s":"password=hunter2"}}`;

  it('keeps the payload\'s numbers and other bytes exact, its secrets redacted', () => {
    const line = shippedLine(payload);
    expect(line).toBe(`{"kind":"hook","observedAt":"${observedAt}","payload":${payload.replace('hunter2', REDACTED)}}`);
    expect(line).toContain('"n":12345678901234567890,"f":1.0,');
    expect(line).not.toContain('hunter2');
  });

  it('splices the payload without the whitespace around it', () => {
    expect(shippedLine(` \t${payload}\r\n\n`)).toBe(`{"kind":"hook","observedAt":"${observedAt}","payload":${payload.replace('hunter2', REDACTED)}}`);
  });

  it('re-serialises a payload that spans lines (pretty-printed): one item, one line', () => {
    const pretty = JSON.stringify(JSON.parse(payload), null, 2);
    const line = shippedLine(pretty);
    expect(line).not.toMatch(/[\r\n]/);
    expect(JSON.parse(line)).toEqual({ kind: 'hook', observedAt, payload: { ...JSON.parse(payload), tool_input: { n: 12345678901234567890, f: 1, s: `password=${REDACTED}` } } });
  });

  it('makes a line the ingest\'s NDJSON decoding takes as one hook item', () => {
    const body = Buffer.from(`{"sessionId":"${session}"}\n${shippedLine(payload)}\n`);
    const decoded = decodeNdjsonBody(body);
    expect(decoded).toMatchObject({ ok: true, batch: { sessionId: session, items: [{ kind: 'hook', observedAt, payload: { session_id: session, tool_input: { s: `password=${REDACTED}` } } }] } });
  });
});
