/**
 * `npm run bench`: Kap's speed targets, measured (never asserted in tests). Prints a table; `--json` for JSON.
 */
import { benchImport } from './importThroughput.js';
import { benchAgentOverhead } from './agentOverhead.js';
import { benchJobs } from './jobThroughput.js';
import { benchCardRender } from './cardRender.js';
import { benchProjectionLag } from './projectionLag.js';
import { benchUnfurl } from './unfurlLatency.js';
import { benchLiveCards } from './liveCardLatency.js';
import { benchRecap } from './recap.js';
import { benchThreadReply } from './threadReply.js';
import { benchRedaction } from './redaction.js';
import { benchRebuild } from './rebuild.js';
import { benchSessionPage } from './sessionPage.js';
import { benchMcpRecall } from './mcpRecall.js';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const json = process.argv.includes('--json');
const results: Record<string, unknown> = {};

if (only.length === 0 || only.includes('import')) {
  const r = await benchImport();
  results.import = r;
  if (!json) {
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    console.log(`import: ${r.lines} lines; kap import (spawn to exit) ${n(r.importLinesPerSecond)} lines/s (its own elapsed time ${n(r.inProcessMs)} ms); bare JSON.parse ${n(r.bareLinesPerSecond)} lines/s; ratio ${r.ratio.toFixed(2)} (targets ≥ 30,000 lines/s, ≥ 0.33)`);
    console.log(`import steady state: ${r.copies} copies, ${n(r.steadyLines)} lines; ${n(r.steadyLinesPerSecond)} lines/s; ratio ${r.steadyRatio.toFixed(2)}`);
  }
}
if (only.length === 0 || only.includes('overhead')) {
  const r = await benchAgentOverhead();
  results.overhead = r;
  if (!json) {
    for (const m of r.modes) {
      const ms = (v: number) => `${v.toFixed(0)} ms`;
      const target = m.thinkMs === 0 ? `kap/noop ${m.kapOverNoop.toFixed(3)}, kap-remote/noop ${m.remoteOverNoop.toFixed(3)} (target ≤ 1.03)` : `kap/none ${m.kapRatio.toFixed(3)}, kap-remote/none ${m.remoteRatio.toFixed(3)} (target ≤ 1.03)`;
      console.log(`agent overhead, think ${m.thinkMs} ms/step, ${m.rounds} rounds interleaved, ${r.hookedEvents} hooked events: median none ${ms(m.medianMs.none)}, noop ${ms(m.medianMs.noop)}, kap ${ms(m.medianMs.kap)}, kap-remote ${ms(m.medianMs['kap-remote'])}; noop/none ${m.noopRatio.toFixed(3)}; ${target}`);
    }
  }
}
if (only.length === 0 || only.includes('card')) {
  const r = await benchCardRender();
  results.card = r;
  if (!json) {
    console.log(`card render: renderCardPng of a corpus session, ${r.runs} warm runs; p50 ${r.p50WarmMs.toFixed(1)} ms, p99 ${r.p99WarmMs.toFixed(1)} ms (target p50 ≤ 30 ms); cold ${r.coldMs.toFixed(0)} ms; ${r.pngBytes.toLocaleString('en-US')} bytes`);
  }
}
if (only.length === 0 || only.includes('jobs')) {
  const rows = await benchJobs();
  results.jobs = rows;
  if (!json) {
    for (const r of rows) {
      console.log(`jobs: ${r.adapter.padEnd(10)} ${r.scenario.padEnd(31)} ${r.jobs} no-op jobs; enqueue ${Math.round(r.enqueuePerSecond).toLocaleString('en-US')} jobs/s; process ${Math.round(r.processPerSecond).toLocaleString('en-US')} jobs/s`);
    }
  }
}
if (only.length === 0 || only.includes('lag')) {
  const rows = await benchProjectionLag();
  results.lag = rows;
  if (!json) {
    for (const r of rows) {
      console.log(`projection lag (${r.readModel}): ${r.events} events appended one by one; append → summary committed p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms (targets p50 ≤ 50 ms, p99 ≤ 250 ms)`);
    }
  }
}
if (only.length === 0 || only.includes('unfurl')) {
  const r = await benchUnfurl();
  results.unfurl = r;
  if (!json) {
    console.log(`unfurl: link_shared received → chat.unfurl sent; cold (first event) ${r.coldMs.toFixed(1)} ms; warm p50 ${r.warmP50Ms.toFixed(1)} ms, p99 ${r.warmP99Ms.toFixed(1)} ms over ${r.events} events (target p99 ≤ 300 ms)`);
  }
}
if (only.length === 0 || only.includes('live-cards')) {
  const r = await benchLiveCards();
  results.liveCards = r;
  if (!json) console.log(`live cards: hook event appended → chat.unfurl refresh sent (after a quiet spell); p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms over ${r.events} events`);
}
if (only.length === 0 || only.includes('recap')) {
  const r = await benchRecap();
  results.recap = r;
  if (!json) {
    console.log(`recap: end to end against the scripted API, ${r.runs} runs; p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms; largest corpus session (${r.sessionEvents} events) prompt ≈ ${r.estimatedInputTokens.toLocaleString("en-US")} tokens of a ${r.budgetTokens.toLocaleString("en-US")} budget`);
  }
}
if (only.length === 0 || only.includes('reply')) {
  const r = await benchThreadReply();
  results.reply = r;
  if (!json) {
    console.log(`thread reply → agent turn started (idle host, claude --resume): ${r.replies} replies; p50 ${r.p50Ms.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms (target p99 ≤ 1 s)`);
  }
}
if (only.length === 0 || only.includes('mcp')) {
  const r = await benchMcpRecall();
  results.mcp = r;
  if (!json) {
    const f = (p: { p50: number; p99: number }) => `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms`;
    console.log(`mcp recall: ${r.rounds} interleaved rounds on corpus sessions; search_sessions ${f(r.searchMcp)} vs GET /v1/search ${f(r.searchApi)} (ratio ${(r.searchMcp.p50 / r.searchApi.p50).toFixed(2)}); get_turn ${f(r.turnMcp)} vs GET turns ${f(r.turnApi)} (ratio ${(r.turnMcp.p50 / r.turnApi.p50).toFixed(2)}); kap mcp cold start → initialize answered ${r.coldStartMs.toFixed(0)} ms`);
  }
}
// Minutes and ~2 GB of temp disk at 1M events: only when asked (`npm run bench -- rebuild`).
if (only.includes('rebuild')) {
  const sizes = (process.env.KAP_BENCH_REBUILD_EVENTS ?? '200000,1000000').split(',').map(Number);
  const rows = await benchRebuild(sizes);
  results.rebuild = rows;
  if (!json) {
    for (const r of rows) {
      const per = Object.entries(r.perProjectionMs).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ');
      console.log(`projections rebuild: ${r.events.toLocaleString('en-US')} events, ${r.sessions.toLocaleString('en-US')} sessions (${r.storeMb.toFixed(0)} MB store); ${(r.rebuildMs / 1000).toFixed(1)} s spawn to exit (${per}); peak RSS ${r.peakRssMb.toFixed(0)} MB (target ≤ 400 MB at 1M)`);
    }
  }
}
if (only.length === 0 || only.includes('redact')) {
  const r = benchRedaction();
  results.redact = r;
  if (!json) {
    const row = (name: string, p: typeof r.live) => `${name} ${p.currentMs.toFixed(0)} ms against ${p.baselineMs.toFixed(0)} ms before issue #10 (ratio ${p.ratio.toFixed(2)})`;
    console.log(`redaction: ${r.lines} corpus lines, best of ${r.rounds} interleaved rounds; ${row('every line', r.live)}; ${row('import pre-check + marked lines', r.import)}, ${r.import.marked?.[1]} lines marked`);
  }
}
if (only.length === 0 || only.includes('page')) {
  const r = await benchSessionPage();
  results.page = r;
  if (!json) {
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(`session page: ${r.events} events, ${Math.round(r.pageBytes / 1024)} KiB HTML (${Math.round(r.gzipBytes / 1024)} KiB gzip), ${r.domElements.toLocaleString('en-US')} elements; medians of ${r.rounds} interleaved rounds: first byte cold ${ms(r.firstByteMs.kapCold)}, warm ${ms(r.firstByteMs.kapWarm)}, static file ${ms(r.firstByteMs.static)} (target ≤ 300 ms); Chromium load cold ${ms(r.loadMs.kapCold)}, warm ${ms(r.loadMs.kapWarm)}, static file ${ms(r.loadMs.static)} (target ≤ 1 s); load over static ${r.loadRatio.cold.toFixed(2)} cold, ${r.loadRatio.warm.toFixed(2)} warm`);
  }
}
if (json) console.log(JSON.stringify(results, null, 2));
process.exit(0);
