/**
 * The search page in real Chromium with JavaScript off: a query typed in the form, results grouped by
 * session, markup inside a transcript shown as text, and a click on a hit opening the session page at the
 * hit's anchor (the tool call's `#tool-<id>`, the turn's `#turn-N`). A screenshot is kept in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { postSearchWorld, ZANZIBAR_WORD } from '../test/support/searchWorld.js';

const ARTIFACTS = resolve('test-artifacts');

describe('the search page in a browser', () => {
  let kap: KapUnderTest;
  let browser: Browser;
  let page: Page;
  let ids: { ledger: string; payments: string };

  beforeAll(async () => {
    kap = await startKapForTest();
    ids = await postSearchWorld(kap);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kap?.close();
  });

  it('searches from the form and shows hits grouped by session, matches marked', async () => {
    await page.goto(`${kap.url}/search`);
    await page.fill('input[name=q]', `${ZANZIBAR_WORD} ledger`);
    await page.press('input[name=q]', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    const sessions = page.locator('section.session');
    expect(await sessions.count()).toBe(1);
    expect(await sessions.first().getAttribute('data-session-id')).toBe(ids.ledger);
    expect(await page.locator('section.session mark').first().textContent()).toBe(ZANZIBAR_WORD);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'search-page.png'), fullPage: true });
  });

  it('shows markup from a transcript as text', async () => {
    await page.goto(`${kap.url}/search?q=${encodeURIComponent('round.ts happens kind:assistant')}`);
    const hit = page.locator('a.hit');
    expect(await hit.count()).toBe(1);
    expect(await hit.first().textContent()).toContain('<b>round.ts</b>');
    expect(await page.locator('a.hit b').count()).toBe(0);
  });

  it('opens the session page at the tool call a hit names', async () => {
    await page.goto(`${kap.url}/search?q=${encodeURIComponent(`${ZANZIBAR_WORD} kind:tool`)}`);
    await page.click('a.hit[data-anchor="tool-toolu_grep"]');
    await page.waitForURL(new RegExp(`/s/${ids.ledger}#tool-toolu_grep$`));
    const target = page.locator('[id="tool-toolu_grep"]');
    expect(await target.count()).toBe(1);
    expect(await target.getAttribute('data-tool-name')).toBe('Bash');
  });

  it('opens the session page at the turn a prompt hit names', async () => {
    await page.goto(`${kap.url}/search?q=${encodeURIComponent(`${ZANZIBAR_WORD} kind:prompt`)}`);
    await page.click('a.hit[data-anchor="turn-2"]');
    await page.waitForURL(new RegExp(`/s/${ids.ledger}#turn-2$`));
    expect(await page.locator('[id="turn-2"]').textContent()).toContain(ZANZIBAR_WORD);
    await page.screenshot({ path: join(ARTIFACTS, 'search-hit-turn-2.png') });
  });

  it('says what is wrong with a bad query', async () => {
    await page.goto(`${kap.url}/search?q=${encodeURIComponent('kind:thinking')}`);
    expect(await page.locator('.problem').textContent()).toContain('kind: is one of');
    expect(await page.inputValue('input[name=q]')).toBe('kind:thinking');
  });
});
