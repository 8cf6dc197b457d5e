/**
 * `kap import` of a transcript that is not all good lines: the lines that travel unparsed (as their bytes)
 * and those that do not (a possible secret, a hook payload, a line that is not JSON or not a transcript
 * line) end up as the record-by-record import always had them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { sessionStream } from '../stores/eventStore.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { findImportFiles, importFiles } from './importTranscripts.js';
import type { ImportReport } from './importTranscripts.js';
import { postBatch } from './ingestClient.js';

const SESSION = '7a1c0c7e-2f0e-4a43-9f59-5d0e8f3a1b01';
const OTHER = '7a1c0c7e-2f0e-4a43-9f59-5d0e8f3a1b02';
const uuid = (n: number) => `0b7e4d2c-1a3f-4c5d-8e6f-${String(n).padStart(12, '0')}`;
const line = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'user', uuid: uuid(n), sessionId: SESSION, message: { role: 'user', content: `prompt ${n} — é 😀` }, ...extra });

describe('kap import of a transcript with odd lines', () => {
  let kap: KapUnderTest;
  let first: ImportReport;
  let second: ImportReport;
  const lines = [
    line(1),
    '{"type":"assistant","uuid":', // cut short: not JSON
    '{"note":"no type: not a transcript line"}',
    line(4, { toolUseResult: { stdout: 'export ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123' } }),
    JSON.stringify({ session_id: OTHER, hook_event_name: 'Stop', cwd: '/w' }),
    '   ',
    line(7, { message: { role: 'user', content: 'x'.repeat(1000) } }),
  ];
  const text = `${lines.join('\n')}\n`;
  const offsets = lines.map((_, i) => Buffer.byteLength(lines.slice(0, i).map((l) => `${l}\n`).join('')));

  beforeAll(async () => {
    kap = await startKapForTest();
    const dir = mkdtempSync(join(tmpdir(), 'kap-import-odd-'));
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project', `${SESSION}.jsonl`), text);
    const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
    const send = (batch: Parameters<typeof postBatch>[1]) => postBatch(target, batch);
    first = await importFiles(findImportFiles([dir]), { send });
    second = await importFiles(findImportFiles([dir]), { send });
  }, 60_000);
  afterAll(() => kap?.close());

  const stored = async (sessionId: string) => {
    const events: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(sessionStream(sessionId))) events.push(e);
    return events;
  };

  it('reports the line that is not JSON and the one that is not a transcript line, and imports the rest', () => {
    expect(first.errors).toEqual([{ file: expect.stringContaining(SESSION), at: offsets[1], message: expect.stringMatching(/^not JSON/) }]);
    expect(first.ignored).toEqual([{ file: expect.stringContaining(SESSION), at: offsets[2], message: 'not a transcript line, hook payload or status-line input' }]);
    expect(first.records).toBe(5);
    expect(first.appended).toBe(4);
    expect([...first.sessions].sort()).toEqual([SESSION, OTHER].sort());
  });

  it('stores good lines as they are, a secret redacted, and a hook payload in its own session', async () => {
    const events = await stored(SESSION);
    expect(events.map((e) => e.metadata.offset)).toEqual([offsets[0], offsets[3], offsets[6]]);
    expect(events[0]!.data).toEqual(JSON.parse(lines[0]!));
    expect(JSON.stringify(events[1]!.data)).toContain('[REDACTED]');
    expect(JSON.stringify(events[1]!.data)).not.toContain('sk-ant-');
    expect(events[2]!.data).toEqual(JSON.parse(lines[6]!));
    const hooks = await stored(OTHER);
    expect(hooks.map((e) => [e.type, e.data])).toEqual([['Stop', JSON.parse(lines[4]!)]]);
  });

  it('appends nothing the second time', () => {
    expect(second.appended).toBe(0);
    expect(second.alreadyStored).toBe(4);
    expect(second.errors).toHaveLength(1);
  });
});
