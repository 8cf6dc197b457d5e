/**
 * Hooks of a live session posted through a test Kap's ingest, timed by a test clock (live cards, wait
 * notices): each batch carries the collector's git context, so the session's owner is `gitUser`.
 */
import type { KapUnderTest } from './kapHarness.js';

/** A clock the test moves: `now()` for startKap, `advance(ms)` between steps. */
export function testClock(startIso: string) {
  let ms = Date.parse(startIso);
  return {
    now: () => new Date(ms),
    advance(by: number) {
      ms += by;
    },
  };
}

/** Posts one hook (observed at `at`) of `sessionId` and waits until the projections folded it. */
export async function postHook(kap: KapUnderTest, sessionId: string, at: Date, payload: Record<string, unknown>, gitUser = 'Dana Reyes <dana@acme.dev>'): Promise<void> {
  const response = await fetch(`${kap.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      sessionId,
      context: { repo: 'acme/payments-api', branch: 'fix/rounding', gitUser, host: 'dana-mbp' },
      items: [{ kind: 'hook', observedAt: at.toISOString(), payload: { session_id: sessionId, transcript_path: '/tmp/t.jsonl', cwd: '/home/dana/src/payments-api', ...payload } }],
    }),
  });
  if (response.status !== 200) throw new Error(`the ingest answered ${response.status}: ${await response.text()}`);
  await kap.settled([sessionId]);
}
