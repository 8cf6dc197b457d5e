/**
 * Starts Kap in-process on a throwaway data dir and a free port, for integration tests, and waits for
 * the projection to catch up with what was appended.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../config/kapConfig.js';
import type { KapConfig } from '../../config/kapConfig.js';
import { startKap } from '../../cli/startKap.js';
import type { RunningKap, StartKapOptions } from '../../cli/startKap.js';
import type { SessionSummary } from '../../projections/sessionSummary.js';
import { sessionStream } from '../../stores/eventStore.js';

export interface KapUnderTest extends RunningKap {
  config: Readonly<KapConfig>;
  /** GET a JSON path of the API with the token. */
  get<T>(path: string): Promise<{ status: number; body: T }>;
  /** Resolves when the summary of each session covers every event of its stream (rejects after `timeoutMs`). */
  settled(sessionIds: readonly string[], timeoutMs?: number): Promise<void>;
  summary(sessionId: string): Promise<SessionSummary | undefined>;
  /** Polls the read model until `done` holds for the session's summary; resolves the last summary seen (ms). */
  summaryWhen(sessionId: string, done: (s: SessionSummary) => boolean, timeoutMs?: number): Promise<SessionSummary | undefined>;
}

/** `env` adds configuration (e.g. Slack's); `options.now` pins the clock. */
export async function startKapForTest(
  dataDir = mkdtempSync(join(tmpdir(), 'kap-test-')),
  env: Record<string, string> = {},
  options: StartKapOptions = {},
): Promise<KapUnderTest> {
  const config = loadConfig({ KAP_DATA_DIR: dataDir, KAP_PORT: '0', KAP_LOG_LEVEL: 'silent', ...env });
  const kap = await startKap(config, pino({ level: process.env.KAP_TEST_LOG_LEVEL ?? 'silent' }), options);
  const get = async <T>(path: string) => {
    const response = await fetch(`${kap.url}${path}`, { headers: { authorization: `Bearer ${kap.token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const summary = async (sessionId: string) => {
    const { status, body } = await get<SessionSummary>(`/v1/sessions/${sessionId}`);
    return status === 200 ? body : undefined;
  };
  const lastRevision = async (sessionId: string) => {
    let last = -1;
    for await (const e of kap.store.readStream(sessionStream(sessionId))) last = Number(e.revision);
    return last;
  };
  return {
    ...kap,
    config: { ...config, url: kap.url },
    get,
    summary,
    async summaryWhen(sessionId, done, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last: SessionSummary | undefined;
      while (Date.now() < deadline) {
        last = await summary(sessionId);
        if (last && done(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      return last;
    },
    async settled(sessionIds, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (const id of sessionIds) {
        const target = await lastRevision(id);
        for (;;) {
          const s = await summary(id);
          if (s && s.revision >= target) break;
          if (Date.now() > deadline) throw new Error(`projection did not catch up with ${id} (at ${s?.revision}, stream at ${target})`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    },
  };
}
