/**
 * Card rendering: `renderCardPng` (satori layout → SVG → resvg PNG, 800×418) for the corpus's long spotter
 * session (three models, ten tools, subagents), imported into a throwaway Kap first (not timed). Cold is the first render in the process (font files read, satori's
 * and resvg's WebAssembly/native code initialised); warm is each later render. Target: p50 warm ≤ 30 ms.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import { renderCardPng } from '../renderers/cardImage.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';

export interface CardRenderBenchResult {
  /** Warm renders measured. */
  runs: number;
  p50WarmMs: number;
  p99WarmMs: number;
  /** The first render in this process. */
  coldMs: number;
  /** PNG size, bytes. */
  pngBytes: number;
}

const BENCH_SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** The summary Kap's projection makes of one spotter session of the corpus (main file and subagents). */
async function corpusSummary(sessionId: string): Promise<SessionSummary> {
  const kap = await startKapForTest();
  try {
    await importCorpus(kap, [`spotter/${sessionId}.jsonl`, `spotter/${sessionId}`]);
    const summary = await kap.summary(sessionId);
    if (!summary) throw new Error(`corpus session ${sessionId} was not imported`);
    return summary;
  } finally {
    await kap.close();
  }
}

export async function benchCardRender(runs = 200, warmup = 20): Promise<CardRenderBenchResult> {
  const summary = await corpusSummary(BENCH_SESSION);
  const now = new Date('2026-02-12T15:10:00.000Z');

  let t = performance.now();
  const png = await renderCardPng(summary, { now });
  const coldMs = performance.now() - t;
  for (let i = 0; i < warmup; i++) await renderCardPng(summary, { now });
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await renderCardPng(summary, { now });
    warm.push(performance.now() - t);
  }
  return { runs, p50WarmMs: percentile(warm, 50), p99WarmMs: percentile(warm, 99), coldMs, pngBytes: png.length };
}
