/**
 * A `kap serve` on the same data dir drains the collector's inbox itself: Kap's hook command finds the server's
 * pid in the drainer lock and starts no drainer of its own; when the server stops, it releases the lock and
 * hooks start their own drainers again.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import { collectorPaths } from './collectorState.js';
import { hookCommandScript } from './hookCommandScript.js';
import { writeLauncher } from './launcher.js';

function runHook(env: Record<string, string>, payload: string): Promise<void> {
  return new Promise((done) => {
    const child = execFile('sh', ['-c', hookCommandScript({ setsid: true })], { env: { ...process.env, ...env } }, () => done());
    child.stdin!.end(payload);
  });
}

describe('the inbox drained by kap serve on the same data dir', () => {
  it('ships hook events and transcript lines with no drainer process, and releases the lock when it stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-local-'));
    const paths = collectorPaths(dataDir);
    // A launcher that names nothing: a hook that started a drainer would leave a "Kap missing" trace instead.
    writeLauncher(dataDir, { node: process.execPath, main: join(dataDir, 'no-such-main.js') });
    const kap = await startKapForTest(dataDir, {}, { drainLocalInbox: true });
    try {
      expect(readFileSync(join(paths.drainerLock, 'pid'), 'utf8').trim()).toBe(String(process.pid));
      const session = '7a7a7a7a-0000-4000-8000-000000000001';
      const transcript = join(dataDir, `${session}.jsonl`);
      writeFileSync(transcript, `${JSON.stringify({ type: 'user', uuid: 'u-1', sessionId: session, message: { role: 'user', content: 'hello' } })}\n`);
      const env = { KAP_DATA_DIR: dataDir, KAP_URL: kap.url, KAP_TOKEN: kap.token };
      await runHook(env, JSON.stringify({ session_id: session, transcript_path: transcript, cwd: dataDir, hook_event_name: 'UserPromptSubmit', prompt: 'hello' }));

      // The inbox file goes once the ingest has answered, a moment after the append the summary shows.
      const summary = await kap.summaryWhen(session, (s) => s.prompts === 1 && s.status === 'running' && readdirSync(paths.inbox).length === 0, 15_000);
      expect(summary).toMatchObject({ prompts: 1, status: 'running', lastPrompt: 'hello' });
      expect(readdirSync(paths.inbox)).toEqual([]);
      expect(existsSync(join(paths.root, 'kap-missing'))).toBe(false);
    } finally {
      await kap.close();
    }
    expect(existsSync(paths.drainerLock)).toBe(false);
  });
});
