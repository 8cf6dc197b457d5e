/**
 * The drain path against a real ingest: one poisonous inbox entry (a payload nested thousands of levels
 * deep) never stops the entries after it.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
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
});
