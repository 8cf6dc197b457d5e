/**
 * The drain path against a real ingest: one poisonous inbox entry (a payload nested thousands of levels
 * deep) never stops the entries after it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { sessionStream } from '../stores/eventStore.js';
import { addToInbox, collectorPaths } from './collectorState.js';
import { drainInbox, emptyReport } from './drainInbox.js';

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('drainInbox with a real ingest', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  it('sets a payload nested 4,200 levels deep aside and ships the payloads of another session after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-drain-'));
    const paths = collectorPaths(dataDir);
    const options = {
      paths,
      target: { url: kap.url, token: kap.token, timeoutMs: 5_000 },
      now: () => new Date(),
      logger: pino({ level: 'silent' }),
      readContext: async () => ({}),
    };
    const poisoned = 'aaaaaaaa-0000-4000-8000-000000000001';
    const healthy = 'bbbbbbbb-0000-4000-8000-000000000002';
    const t = Date.now() - 10_000;
    addToInbox(paths, new Date(t), '1', `{"session_id":"${poisoned}","hook_event_name":"PostToolUse","tool_name":"Bash","tool_response":${deep(4200)}}`);
    addToInbox(paths, new Date(t + 1), '2', JSON.stringify({ session_id: healthy, hook_event_name: 'SessionStart', source: 'startup' }));
    addToInbox(paths, new Date(t + 2), '3', JSON.stringify({ session_id: healthy, hook_event_name: 'UserPromptSubmit', prompt: 'still here' }));

    const report = emptyReport();
    await drainInbox(options, report);

    expect(readdirSync(paths.inbox)).toEqual([]);
    expect(await kap.summaryWhen(healthy, (s) => s.lastPrompt === 'still here')).toMatchObject({ lastPrompt: 'still here' });
    // The deep payload's hook event still counts for its session, its deep values cut.
    expect(await kap.summaryWhen(poisoned, () => true)).toMatchObject({ sessionId: poisoned });
    expect(report).toMatchObject({ shipped: 2, setAside: 1 });
    const reasons = readdirSync(paths.rejected).filter((n) => n.endsWith('.reason.txt'));
    expect(reasons.map((n) => readFileSync(join(paths.rejected, n), 'utf8')).join('\n')).toMatch(/deeper than/);
  });

  it('ships a payload spliced as its redacted text (numbers byte-exact) and the ingest takes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-drain-'));
    const paths = collectorPaths(dataDir);
    const options = { paths, target: { url: kap.url, token: kap.token, timeoutMs: 5_000 }, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: async () => ({}) };
    const session = 'cccccccc-0000-4000-8000-000000000003';
    addToInbox(paths, new Date(Date.now() - 10_000), '1', `{"session_id":"${session}","hook_event_name":"UserPromptSubmit","prompt":"exact","n":12345678901234567890,"f":1.0,"s":"password=hunter2"}`);

    const report = emptyReport();
    await drainInbox(options, report);

    expect(report).toMatchObject({ shipped: 1, setAside: 0 });
    expect(await kap.summaryWhen(session, (s) => s.lastPrompt === 'exact')).toMatchObject({ lastPrompt: 'exact' });
  });

  async function storedTypes(sessionId: string): Promise<string[]> {
    const types: string[] = [];
    for await (const e of kap.store.readStream(sessionStream(sessionId))) types.push(e.type === 'TranscriptLine' ? `line:${String(e.data.uuid)}` : e.type);
    return types;
  }

  it.each([
    ['a line torn by a crash mid-write', '{"type":"assistant","uuid":"tor', /not a JSON object/],
    ['a line the ingest refuses (type is not a string)', '{"type":5,"uuid":"bad-type"}', /item \d+ of a batch: .*INVALID_LINE|item \d+ of a batch/],
  ])('one bad transcript line (%s) is set aside alone: the good lines and the hook event ship', async (_name, bad, reason) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-drain-'));
    const paths = collectorPaths(dataDir);
    const session = `cccccccc-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
    const transcript = join(dataDir, `${session}.jsonl`);
    const good = (uuid: string) => JSON.stringify({ type: 'user', uuid, sessionId: session, message: { role: 'user', content: 'hi' } });
    writeFileSync(transcript, `${good('good-1')}\n${bad}\n${good('good-2')}\n`);
    addToInbox(paths, new Date(Date.now() - 5_000), '1', JSON.stringify({ session_id: session, hook_event_name: 'UserPromptSubmit', prompt: 'hi', transcript_path: transcript }));
    const report = emptyReport();
    await drainInbox({ paths, target: { url: kap.url, token: kap.token, timeoutMs: 5_000 }, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: async () => ({}) }, report);

    expect(await storedTypes(session)).toEqual(['line:good-1', 'line:good-2', 'UserPromptSubmit']);
    expect(report).toMatchObject({ shipped: 1, setAside: 1 });
    const reasons = readdirSync(paths.rejected).filter((n) => n.endsWith('.reason.txt'));
    expect(reasons).toHaveLength(1);
    expect(readFileSync(join(paths.rejected, reasons[0]!), 'utf8')).toMatch(reason);
  });
});
