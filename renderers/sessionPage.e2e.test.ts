/**
 * The session page of the longest real session (spotter, 2,385 lines and its subagent files), imported
 * into Kap by `kap import`, read back from its stream and folded by the two projections (with two crafted
 * lines added), served over HTTP and opened in real Chromium with JavaScript off: its prompts, tool calls
 * and subagent runs are there, and markup smuggled into a transcript line stays text.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import { foldSessionEvents, initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { corpusDir } from '../test/support/corpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { renderSessionPage } from './sessionPage.js';

const SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';
const XSS_PROMPT = 'look at <script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'"> please';
const XSS_MARKDOWN = 'Done.\n\n<script>document.title="pwned"</script>\n\n[click me](javascript:alert(1)) <b onmouseover="x()">bold?</b>';

/** The session's stored events, imported by `kap import` into a Kap on a throwaway data dir. */
async function storedSession(): Promise<RecordedEvent[]> {
  const kap = await startKapForTest();
  try {
    const dir = join(corpusDir(), 'spotter');
    const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
    const files = findImportFiles([join(dir, `${SESSION}.jsonl`), join(dir, SESSION)]);
    const report = await importFiles(files, { send: (batch) => postBatch(target, batch) });
    expect(report.errors).toEqual([]);
    const events: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(sessionStream(SESSION))) events.push(e);
    return events;
  } finally {
    await kap.close();
  }
}

/** Two crafted transcript lines after the real ones: a prompt and an answer carrying markup. */
function craftedEvents(after: number): RecordedEvent[] {
  const event = (n: number, data: Record<string, unknown>): RecordedEvent => ({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    type: 'TranscriptLine',
    streamName: sessionStream(SESSION),
    revision: BigInt(after + n),
    position: { commit: BigInt(after + n), prepare: BigInt(after + n) },
    data,
    metadata: { source: 'transcript', file: 'main' },
    created: new Date(0),
  });
  return [
    event(1, { type: 'user', timestamp: '2026-02-12T18:00:00Z', message: { role: 'user', content: XSS_PROMPT } }),
    event(2, { type: 'assistant', timestamp: '2026-02-12T18:00:01Z', message: { id: 'msg_xss', model: 'claude-opus-4-6', content: [{ type: 'text', text: XSS_MARKDOWN }] } }),
  ];
}

describe('session page in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let summary: SessionSummary;
  let firstPrompt: string;
  let pageUrl: string;

  beforeAll(async () => {
    const stored = await storedSession();
    const events = [...stored, ...craftedEvents(stored.length - 1)];
    summary = foldSessionEvents(initialSessionState(SESSION), events).summary;
    const timeline = foldTimelineEvents(initialTimeline(SESSION), events);
    const first = timeline.items.find((i) => i.kind === 'prompt');
    firstPrompt = first?.kind === 'prompt' ? first.text : '';
    const html = renderSessionPage({ summary, timeline, now: new Date('2026-02-13T09:00:00Z') });
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 1400 } });
    page = await context.newPage();
    pageUrl = `http://127.0.0.1:${port}/`;
    const response = await page.goto(pageUrl);
    expect(response?.status()).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows the summary and the prompts, the first one visible at the top', async () => {
    expect(summary.prompts).toBeGreaterThan(1);
    expect(firstPrompt.length).toBeGreaterThan(20);
    await expect(page.locator('section.prompt').count()).resolves.toBe(summary.prompts);
    const firstLine = firstPrompt.split('\n')[0]!.trim();
    expect(await page.locator('section.prompt').first().innerText()).toContain(firstLine);
    expect(await page.locator('section.prompt').first().isVisible()).toBe(true);
    expect(await page.locator('header.session').innerText()).toContain('spotter-4te');
    await page.screenshot({ path: 'test-artifacts/session-page-top.png' });
  });

  it('shows one tool-call element per tool call the summary counts', async () => {
    const toolCount = Object.values(summary.tools).reduce((a, b) => a + b, 0);
    expect(toolCount).toBeGreaterThan(200);
    await expect(page.locator('[data-tool-id]').count()).resolves.toBe(toolCount);
    await expect(page.locator('.tool.error').count()).resolves.toBe(summary.toolErrors);
  });

  it('nests the subagent run inside its Task call, with the run\'s own tool calls', async () => {
    const task = page.locator('section.tool[data-tool-name="Task"]');
    await expect(task.count()).resolves.toBe(summary.tools.Task);
    // Folded under its call and closed until opened.
    const nested = task.first().locator('details.subagent');
    await expect(nested.count()).resolves.toBe(1);
    expect(await nested.getAttribute('open')).toBeNull();
    expect(await nested.getAttribute('data-agent-id')).toBe('aac57f5');
    await expect(nested.locator('[data-tool-id]').count()).resolves.toBeGreaterThan(3);
    // A tool call is a fragment target: the page scrolls to it without JavaScript.
    await page.goto(`${pageUrl}#tool-${await task.first().getAttribute('data-tool-id')}`);
    await page.screenshot({ path: 'test-artifacts/session-page-task.png' });
  });

  it('keeps markup from the transcript as text: no script element, no handler, no javascript: link', async () => {
    // One script, Kap's own file (off here: the page reads without it); none from the transcript.
    await expect(page.locator('script').count()).resolves.toBe(1);
    expect(await page.locator('script').getAttribute('src')).toBe('/assets/replay.js');
    await expect(page.locator('script:not([src])').count()).resolves.toBe(0);
    await expect(page.locator('[onerror], [onmouseover]').count()).resolves.toBe(0);
    await expect(page.locator('a[href^="javascript"]').count()).resolves.toBe(0);
    await expect(page.locator('img').count()).resolves.toBe(0);
    expect(await page.title()).not.toContain('pwned');
    const prompt = page.locator('section.prompt').last();
    expect(await prompt.innerText()).toContain('<script>document.title="pwned"</script>');
    const answer = page.locator('section.assistant', { hasText: 'click me' });
    await expect(answer.count()).resolves.toBe(1);
    expect(await answer.innerText()).toContain('<b onmouseover="x()">bold?</b>');
    expect(await answer.innerText()).toContain('<script>document.title="pwned"</script>');
  });
});
