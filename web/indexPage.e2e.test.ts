/**
 * The index and team usage in real Chromium (playwright-core) against a running Kap without Slack (the
 * browser is on this machine, so it reads every session): the index lists the sessions recorded through the
 * ingest, filters through the URL and through its form without JavaScript, and with JavaScript a status
 * dot turns from running to ended without a reload when the session's SessionEnd hook arrives through the
 * ingest API; a session the page does not show brings the "new sessions" notice. The usage page shows its
 * charts. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

const ARTIFACTS = 'test-artifacts';

let kap: KapUnderTest;
let browser: Browser;
const ids = { app: randomUUID(), web: randomUUID(), other: randomUUID() };

/** Posts one hook of a session in `repo` by `gitUser` through the ingest API and waits for the projections. */
async function hook(sessionId: string, repo: string, gitUser: string, payload: Record<string, unknown>, lines: unknown[] = []): Promise<void> {
  const at = new Date().toISOString();
  let offset = 0;
  const items = [
    ...lines.map((line) => {
      const text = JSON.stringify(line);
      const item = { kind: 'line', file: 'main', offset, text };
      offset += Buffer.byteLength(text) + 1;
      return item;
    }),
    { kind: 'hook', observedAt: at, payload: { session_id: sessionId, transcript_path: '/tmp/t.jsonl', cwd: `/src/${repo}`, ...payload } },
  ];
  const response = await fetch(`${kap.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId, context: { repo, branch: 'main', gitUser, host: 'h' }, items }),
  });
  expect(response.status).toBe(200);
  await kap.settled([sessionId]);
}

/** A prompt and an assistant answer with usage, so the session has tokens and a cost. */
function transcript(sessionId: string, prompt: string, model: string) {
  const at = new Date().toISOString();
  return [
    { type: 'user', uuid: randomUUID(), sessionId, timestamp: at, message: { role: 'user', content: prompt } },
    { type: 'assistant', uuid: randomUUID(), sessionId, timestamp: at, message: { id: `msg_${sessionId}`, model, role: 'assistant', content: [{ type: 'text', text: 'done' }], usage: { input_tokens: 2000, output_tokens: 300, cache_read_input_tokens: 12000, cache_creation_input_tokens: 500 } } },
  ];
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  kap = await startKapForTest();
  await hook(ids.web, 'acme/web', 'Lee Park <lee@acme.dev>', { hook_event_name: 'UserPromptSubmit', prompt: 'Tidy the footer' }, transcript(ids.web, 'Tidy the footer', 'claude-sonnet-4-5'));
  await hook(ids.web, 'acme/web', 'Lee Park <lee@acme.dev>', { hook_event_name: 'SessionEnd', reason: 'exit' });
  await hook(ids.app, 'acme/app', 'Dana Reyes <dana@acme.dev>', { hook_event_name: 'UserPromptSubmit', prompt: 'Fix the <b>refund</b> rounding' }, transcript(ids.app, 'Fix the <b>refund</b> rounding', 'claude-opus-4-6'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kap?.close();
});

describe('the index in Chromium', () => {
  it('lists the sessions by repository, each linking to its page, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1300, height: 800 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${kap.url}/`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('tr[data-session-id]').count()).resolves.toBe(2);
      await expect(page.locator('section.group h2').allInnerTexts()).resolves.toEqual(['acme/app only these', 'acme/web only these']);
      const app = page.locator(`tr[data-session-id="${ids.app}"]`);
      expect(await app.locator('td.title a').innerText()).toBe('Fix the <b>refund</b> rounding');
      expect(await app.locator('td.title a').getAttribute('href')).toBe(`/s/${ids.app}`);
      expect(await app.innerText()).toContain('Dana Reyes');
      expect(await app.locator('.dot').getAttribute('data-status')).toBe('running');
      expect(await page.locator(`tr[data-session-id="${ids.web}"] [data-status-text]`).innerText()).toBe('ended');
      await page.screenshot({ path: `${ARTIFACTS}/index.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('filters through the URL and through the form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${kap.url}/?repo=acme/web`);
      await expect(page.locator('tr[data-session-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')))).resolves.toEqual([ids.web]);
      await page.goto(`${kap.url}/`);
      await page.selectOption('select[name=status]', 'running');
      await page.getByRole('button', { name: 'Filter' }).click();
      expect(new URL(page.url()).searchParams.get('status')).toBe('running');
      await expect(page.locator('tr[data-session-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')))).resolves.toEqual([ids.app]);
      await page.goto(`${kap.url}/?from=2026-13-01`);
      expect(await page.locator('[role=alert]').innerText()).toContain('“from” must be a date like 2026-12-01');
    } finally {
      await context.close();
    }
  });

  it('turns a status dot from running to ended without a reload when the hook arrives', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${kap.url}/`);
      await page.waitForSelector('html[data-live=connected]');
      await page.evaluate(() => ((window as unknown as { kapMarker: number }).kapMarker = 42));
      const dot = page.locator(`tr[data-session-id="${ids.app}"] .dot`);
      expect(await dot.getAttribute('data-status')).toBe('running');
      expect(await page.locator('#live-notice').isVisible()).toBe(false);

      await hook(ids.app, 'acme/app', 'Dana Reyes <dana@acme.dev>', { hook_event_name: 'SessionEnd', reason: 'exit' });
      await page.waitForSelector(`tr[data-session-id="${ids.app}"] .dot[data-status=ended]`);
      expect(await page.locator(`tr[data-session-id="${ids.app}"] [data-status-text]`).innerText()).toBe('ended');
      // The same document: no reload happened.
      expect(await page.evaluate(() => (window as unknown as { kapMarker?: number }).kapMarker)).toBe(42);
      await page.screenshot({ path: `${ARTIFACTS}/index-live-ended.png`, fullPage: true });

      await hook(ids.other, 'acme/api', 'Dana Reyes <dana@acme.dev>', { hook_event_name: 'UserPromptSubmit', prompt: 'A new one' });
      await page.waitForSelector('#live-notice:not([hidden])');
      expect(await page.locator('#live-notice').innerText()).toContain('reload');
    } finally {
      await context.close();
    }
  });
});

describe('team usage in Chromium', () => {
  it('shows the charts and the tables of the same numbers', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1300, height: 900 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${kap.url}/usage`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('svg.chart').count()).resolves.toBe(5);
      await expect(page.locator('#tokens-per-day rect.bar').count()).resolves.toBe(2);
      const box = await page.locator('#tokens-per-day').boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(await page.locator('#cost-per-person').textContent()).toContain('Dana Reyes');
      const modelTable = page.locator('table', { has: page.locator('caption', { hasText: 'Tokens per model' }) });
      expect(await modelTable.innerText()).toContain('Opus 4.6');
      expect(await modelTable.innerText()).toContain('Sonnet 4.5');
      await page.screenshot({ path: `${ARTIFACTS}/usage.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });
});
