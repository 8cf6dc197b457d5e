/**
 * Recap: `recap()` of the Anthropic adapter end to end (facts, prompt within the budget, one HTTP round trip to
 * the scripted Messages API on loopback, zod check of the answer) for the corpus's largest session (most
 * stream events), imported into a test Kap and folded first (not timed). Reported: p50 / p99 over `runs`
 * recaps after a warm-up, and the size of that session's prompt (estimated tokens, chars / 4) against the
 * input budget. The scripted API answers at once, so the time is Kap's own cost, not a model's.
 */
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import { createAnthropicRecapper } from '../recaps/anthropicRecapper.js';
import { sampleRecapInput } from '../test/support/recapFixtures.js';
import { buildRecapRequest, DEFAULT_INPUT_BUDGET_TOKENS } from '../recaps/recapPrompt.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { recapToolStep, startScriptedRecapApi } from '../test/support/scriptedRecapApi.js';

export interface RecapBenchResult {
  runs: number;
  p50Ms: number;
  p99Ms: number;
  /** The largest corpus session: its id and stream events. */
  sessionId: string;
  sessionEvents: number;
  /** Its prompt's estimated input tokens, and the budget it must stay within. */
  estimatedInputTokens: number;
  budgetTokens: number;
  /** Bytes of the request body the scripted API received. */
  requestBytes: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export async function benchRecap(runs = 20, warmup = 3): Promise<RecapBenchResult> {
  const kap = await startKapForTest();
  const api = await startScriptedRecapApi(() => recapToolStep(sampleRecapInput()));
  try {
    const report = await importCorpus(kap, ['.']);
    let largest: { id: string; events: RecordedEvent[] } | undefined;
    for (const id of report.sessions) {
      const events: RecordedEvent[] = [];
      for await (const e of kap.store.readStream(sessionStream(id))) events.push(e);
      if (!largest || events.length > largest.events.length) largest = { id, events };
    }
    if (!largest) throw new Error('the corpus import found no sessions');
    const summary = await kap.summary(largest.id);
    if (!summary) throw new Error(`no summary for ${largest.id}`);
    const input = { summary, timeline: foldTimelineEvents(initialTimeline(largest.id), largest.events) };
    const request = buildRecapRequest(input.summary, input.timeline);

    const recapper = createAnthropicRecapper({ apiKey: 'bench', baseURL: api.url, model: 'claude-bench', maxRetries: 0 });
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const t = performance.now();
      const outcome = await recapper.recap(input);
      if (i >= warmup) times.push(performance.now() - t);
      if (!outcome.ok) throw new Error(`recap failed: ${outcome.reason} ${outcome.message}`);
    }
    return {
      runs,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      sessionId: largest.id,
      sessionEvents: largest.events.length,
      estimatedInputTokens: request.estimatedInputTokens,
      budgetTokens: DEFAULT_INPUT_BUDGET_TOKENS,
      requestBytes: Buffer.byteLength(JSON.stringify(api.requests.at(-1)?.body ?? {})),
    };
  } finally {
    await api.close();
    await kap.close();
  }
}
