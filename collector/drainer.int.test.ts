/**
 * A living drainer retries the spool on a timer: batches spooled while the ingest was down ship once it is
 * back, with no new hook event.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { addToInbox, collectorPaths } from './collectorState.js';
import { runDrainer } from './drainer.js';
import type { DrainOptions } from './drainInbox.js';
import { spoolCount } from './spool.js';

describe('drainer', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  it('ships the spool on its timer once the ingest is back, without a new hook event', async () => {
    const paths = collectorPaths(mkdtempSync(join(tmpdir(), 'kap-drainer-')));
    const session = 'd0d0d0d0-0000-4000-8000-000000000001';
    addToInbox(paths, new Date(Date.now() - 5_000), '1', JSON.stringify({ session_id: session, hook_event_name: 'UserPromptSubmit', prompt: 'later' }));
    const target = { url: 'http://127.0.0.1:1', token: kap.token, timeoutMs: 2_000 };
    const options: DrainOptions = { paths, target, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: async () => ({}) };
    mkdirSync(paths.drainerLock, { recursive: true });
    const running = runDrainer({ ...options, lingerMs: 100, spoolRetryMs: 300, maxRunMs: 5_000 });
    // The ingest comes back while the drainer lingers over its spool.
    for (const until = Date.now() + 4_000; spoolCount(paths) === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 25));
    expect(spoolCount(paths)).toBe(1);
    target.url = kap.url;
    const report = await running;
    expect(report).toMatchObject({ spooled: 1, spoolShipped: 1 });
    expect(spoolCount(paths)).toBe(0);
    expect(await kap.summaryWhen(session, (s) => s.lastPrompt === 'later')).toMatchObject({ lastPrompt: 'later' });
  });

  it('leaves as soon as the inbox and the spool are empty', async () => {
    const paths = collectorPaths(mkdtempSync(join(tmpdir(), 'kap-drainer-')));
    const options: DrainOptions = { paths, target: { url: kap.url, token: kap.token, timeoutMs: 2_000 }, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: async () => ({}) };
    mkdirSync(paths.drainerLock, { recursive: true });
    const report = await runDrainer({ ...options, lingerMs: 100, spoolRetryMs: 300, maxRunMs: 60_000 });
    // It left on its own (a drainer that stayed would run into the test's timeout), and released the lock.
    expect(report).toMatchObject({ shipped: 0, spooled: 0 });
    expect(existsSync(paths.drainerLock)).toBe(false);
  });

  it('at its deadline with entries still arriving, hands the lock to a successor instead of stranding them', async () => {
    const paths = collectorPaths(mkdtempSync(join(tmpdir(), 'kap-drainer-')));
    const session = 'd0d0d0d0-0000-4000-8000-000000000003';
    const options: DrainOptions = { paths, target: { url: kap.url, token: kap.token, timeoutMs: 2_000 }, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: async () => ({}) };
    mkdirSync(paths.drainerLock, { recursive: true });
    let n = 0;
    const arriving = setInterval(() => addToInbox(paths, new Date(), String(n++), JSON.stringify({ session_id: session, hook_event_name: 'PostToolUse', tool_name: 'Read' })), 10);
    const successors: number[] = [];
    try {
      await runDrainer({ ...options, lingerMs: 200, minDrainIntervalMs: 50, maxRunMs: 400, handOver: () => (successors.push(424242), 424242) });
    } finally {
      clearInterval(arriving);
    }
    expect(successors).toEqual([424242]);
    // The lock stays, naming the successor: no hook starts a third drainer, and nothing waits unowned.
    expect(readFileSync(join(paths.drainerLock, 'pid'), 'utf8').trim()).toBe('424242');
  });
});
