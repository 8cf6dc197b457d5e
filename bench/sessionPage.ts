/**
 * The session page of the longest corpus session (2,427 events with its subagent files), imported by
 * `kap import` into a running Kap (embedded default): time to first byte over HTTP, and Chromium's load
 * time (navigation start → load event, JavaScript on). Rounds interleave three ways of serving it:
 *   - Kap cold: a hook event is appended first, so the timeline's revision moved and every turn is rendered
 *     afresh (what the first reader after a change waits for);
 *   - Kap warm: the same revision again (turns rendered before are reused);
 *   - static: the same bytes, compressed once beforehand, from a bare node:http server (the floor: transfer,
 *     parse and layout of the same document, nothing rendered).
 * Targets (issue #13): first byte ≤ 300 ms, load ≤ 1 s.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { sessionStream } from '../stores/eventStore.js';

const SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';

export interface SessionPageBench {
  events: number;
  rounds: number;
  pageBytes: number;
  gzipBytes: number;
  domElements: number;
  /** Medians in ms. */
  firstByteMs: { kapCold: number; kapWarm: number; static: number };
  loadMs: { kapCold: number; kapWarm: number; static: number };
  /** Kap's load time over the static file's. */
  loadRatio: { cold: number; warm: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Time to the response's headers (the first byte), ms. */
async function firstByte(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
  const ms = performance.now() - started;
  await response.arrayBuffer();
  return ms;
}

/** Chromium's navigation start → load event end, ms, from the page's own navigation timing. */
async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd - nav.startTime;
  });
}

export async function benchSessionPage(rounds = Number(process.env.KAP_BENCH_PAGE_ROUNDS ?? 7)): Promise<SessionPageBench> {
  const kap = await startKapForTest();
  await importCorpus(kap, [`spotter/${SESSION}.jsonl`, `spotter/${SESSION}`]);
  let events = 0;
  for await (const _ of kap.store.readStream(sessionStream(SESSION))) events += 1;
  const pageUrl = `${kap.url}/s/${SESSION}`;
  const html = Buffer.from(await (await fetch(pageUrl)).text());
  const gzipped = gzipSync(html);
  const script = readFileSync(new URL('../web/assets/replay.js', import.meta.url));
  const server = createServer((request, response) => {
    if (request.url === '/assets/replay.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return response.end(script);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
    response.end(gzipped);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const staticUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s/${SESSION}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();

  let n = 0;
  /** A hook the session's stream records: the timeline's revision moves, so the next page renders afresh. */
  const touch = async () => {
    n += 1;
    const response = await fetch(`${kap.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: SESSION, items: [{ kind: 'hook', observedAt: new Date(Date.UTC(2026, 1, 13, 0, 0, n)).toISOString(), payload: { session_id: SESSION, transcript_path: '/tmp/t.jsonl', cwd: '/tmp', hook_event_name: 'Notification', message: `bench ${n}` } }] }),
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
    await kap.settled([SESSION]);
  };

  const ttfb = { kapCold: [] as number[], kapWarm: [] as number[], static: [] as number[] };
  const load = { kapCold: [] as number[], kapWarm: [] as number[], static: [] as number[] };
  // One round of each first, unmeasured (JIT, highlight.js grammars, Chromium's first start).
  await firstByte(pageUrl);
  await loadTime(page, pageUrl);
  await loadTime(page, staticUrl);
  for (let round = 0; round < rounds; round += 1) {
    await touch();
    ttfb.kapCold.push(await firstByte(pageUrl));
    ttfb.kapWarm.push(await firstByte(pageUrl));
    ttfb.static.push(await firstByte(staticUrl));
    await touch();
    load.kapCold.push(await loadTime(page, pageUrl));
    load.kapWarm.push(await loadTime(page, pageUrl));
    load.static.push(await loadTime(page, staticUrl));
  }
  const domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await kap.close();
  const loadMs = { kapCold: median(load.kapCold), kapWarm: median(load.kapWarm), static: median(load.static) };
  return {
    events,
    rounds,
    pageBytes: html.length,
    gzipBytes: gzipped.length,
    domElements,
    firstByteMs: { kapCold: median(ttfb.kapCold), kapWarm: median(ttfb.kapWarm), static: median(ttfb.static) },
    loadMs,
    loadRatio: { cold: loadMs.kapCold / loadMs.static, warm: loadMs.kapWarm / loadMs.static },
  };
}
