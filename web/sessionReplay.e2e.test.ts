/**
 * The session page's replay in real Chromium with JavaScript on, served by a running Kap: the longest corpus
 * session (imported by `kap import`) for anchors, the scrubber, keys and find in page; a synthetic session
 * for live follow, its turns appended through the ingest while the page is open. Screenshots go to
 * test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendTurn } from '../test/support/appendTurn.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const SESSION = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';
const ARTIFACTS = 'test-artifacts';

/** Turns of the synthetic session the anchors and keys are tried on. */
const TURNS = 18;

let kap: KapUnderTest;
let browser: Browser;
let page: Page;
let longSession: string;

/** A markdown answer long enough that a turn takes more than a window's height. */
const LONG_ANSWER = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}: the ledger rounds half away from zero, so a refund of -0.005 becomes -0.01 and the report agrees.`).join('\n\n');

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  kap = await startKapForTest();
  await importCorpus(kap, [`spotter/${SESSION}.jsonl`, `spotter/${SESSION}`]);
  const batch = syntheticSessionBatch();
  const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  expect(r.status).toBe(200);
  longSession = batch.sessionId;
  for (let n = 2; n <= TURNS; n += 1) await appendTurn(kap, longSession, `step ${n}: check the rounding of case ${n}`, new Date(Date.parse('2026-11-20T10:00:00Z') + n * 60_000), { answer: LONG_ANSWER });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await kap?.close();
});

/** Where an element's top is in the window, in CSS pixels. */
const topOf = (p: Page, selector: string) => p.locator(selector).evaluate((e) => e.getBoundingClientRect().top);
/** The turn number whose section holds the window's top (as the bar says: "Turn N of M"). */
const barTurn = async (p: Page) => Number(/Turn (\d+)/.exec((await p.locator('#replay-pos').textContent()) ?? '')?.[1]);

describe('session replay in Chromium', () => {
  it('opens #turn-12 at turn 12, with the bar and the outline showing it', async () => {
    expect((await kap.summary(longSession))!.prompts).toBe(TURNS);
    await page.goto(`${kap.url}/s/${longSession}#turn-12`);
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    const top = await topOf(page, '#turn-12');
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(100);
    expect(await page.locator('#replay').isVisible()).toBe(true);
    expect(await barTurn(page)).toBe(12);
    expect(await page.locator('#outline li.current').getAttribute('data-turn')).toBe('12');
    await page.screenshot({ path: `${ARTIFACTS}/replay-turn-12.png` });
  });

  it('opens #tool-<id> of a call inside a subagent run: the run and the call unfold', async () => {
    await page.goto(`${kap.url}/s/${SESSION}`);
    const id = await page.locator('details.subagent section.tool[data-tool-id]').nth(5).getAttribute('data-tool-id');
    expect(id).toBeTruthy();
    const fresh = await page.context().newPage();
    fresh.on('pageerror', (error) => console.error('page error:', error));
    await fresh.goto(`${kap.url}/s/${SESSION}#tool-${id}`);
    await fresh.waitForFunction(() => document.documentElement.classList.contains('js'));
    const tool = fresh.locator(`[id="tool-${id}"]`);
    expect(await tool.isVisible()).toBe(true);
    expect(await tool.locator('xpath=ancestor::details[contains(@class,"subagent")]').first().getAttribute('open')).toBe('');
    expect(await tool.locator(':scope > details.call').getAttribute('open')).toBe('');
    const top = await tool.evaluate((e) => e.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(100);
    await fresh.screenshot({ path: `${ARTIFACTS}/replay-tool-in-subagent.png` });
    await fresh.close();
  });

  it('steps with the keys: n/p by turn, j/k by item, End/Home, and shares the position in the URL', async () => {
    await page.goto(`${kap.url}/s/${longSession}#turn-3`);
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    await page.keyboard.press('n');
    expect(new URL(page.url()).hash).toBe('#turn-4');
    expect(await topOf(page, '#turn-4')).toBeLessThan(100);
    await page.keyboard.press('p');
    await page.keyboard.press('p');
    expect(new URL(page.url()).hash).toBe('#turn-2');
    await page.keyboard.press('j');
    const first = page.locator('.item.current');
    await expect(first.count()).resolves.toBe(1);
    const firstHtml = await first.evaluate((e) => e.outerHTML.slice(0, 200));
    await page.keyboard.press('j');
    const second = await page.locator('.item.current').evaluate((e) => e.outerHTML.slice(0, 200));
    expect(second).not.toBe(firstHtml);
    await page.keyboard.press('k');
    expect(await page.locator('.item.current').evaluate((e) => e.outerHTML.slice(0, 200))).toBe(firstHtml);
    await page.keyboard.press('End');
    const last = await page.locator('#turns > section.turn').last().getAttribute('id');
    expect(new URL(page.url()).hash).toBe(`#${last}`);
    await page.keyboard.press('Home');
    const firstTurn = await page.locator('#turns > section.turn').first().getAttribute('id');
    expect(new URL(page.url()).hash).toBe(`#${firstTurn}`);
  });

  it('moves with the scrubber: a turn picked on the slider is shown and put in the URL', async () => {
    const slider = page.locator('#replay-turn');
    const max = Number(await slider.getAttribute('max'));
    expect(max + 1).toBe(await page.locator('#turns > section.turn').count());
    await slider.evaluate((e, value) => {
      (e as HTMLInputElement).value = String(value);
      e.dispatchEvent(new Event('input', { bubbles: true }));
    }, 9);
    const id = await page.locator('#turns > section.turn').nth(9).getAttribute('id');
    expect(new URL(page.url()).hash).toBe(`#${id}`);
    expect(await topOf(page, `#${id}`)).toBeLessThan(100);
    await page.screenshot({ path: `${ARTIFACTS}/replay-scrubber.png` });
  });

  it('finds in the page: "/" focuses the box, matches are counted and stepped through, hidden ones unfolded', async () => {
    await page.goto(`${kap.url}/s/${SESSION}`);
    await page.waitForFunction(() => document.documentElement.classList.contains('js'));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('find');
    await page.keyboard.type('mix test');
    await page.keyboard.press('Enter');
    const count = page.locator('#find-count');
    await page.waitForFunction(() => /of \d+/.test(document.getElementById('find-count')?.textContent ?? ''));
    const total = Number(/of (\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(1);
    await expect(page.locator('mark.find-hit').count()).resolves.toBe(total);
    expect(await count.textContent()).toBe(`1 of ${total}`);
    await page.keyboard.press('Enter');
    expect(await count.textContent()).toBe(`2 of ${total}`);
    const on = page.locator('mark.find-hit.on');
    expect(await on.isVisible()).toBe(true);
    expect((await on.textContent())?.toLowerCase()).toBe('mix test');
    await page.screenshot({ path: `${ARTIFACTS}/replay-find.png` });
    await page.keyboard.press('Shift+Enter');
    expect(await count.textContent()).toBe(`1 of ${total}`);
  });

  it('lists the files changed relative to the repository and shows one file\'s changes as diffs in order', async () => {
    const summary = (await kap.summary(SESSION))!;
    expect(summary.filesChanged.length).toBeGreaterThan(0);
    await page.goto(`${kap.url}/s/${SESSION}`);
    await page.screenshot({ path: `${ARTIFACTS}/session-page-head.png` });
    // (A long list is folded: follow the link rather than click it.)
    await page.goto(new URL((await page.locator('#stats ul.files a').first().getAttribute('href'))!, kap.url).href);
    await page.waitForSelector('section.change');
    const path = new URL(page.url()).searchParams.get('path')!;
    expect(summary.filesChanged).toContain(path);
    const shown = await page.locator('h1').innerText();
    expect(path.endsWith(shown)).toBe(true);
    if (summary.cwd !== null && path.startsWith(`${summary.cwd}/`)) expect(shown).toBe(path.slice(summary.cwd.length + 1));
    const changes = page.locator('section.change');
    expect(await changes.count()).toBeGreaterThan(0);
    expect(await changes.first().locator('pre.udiff, p.note').count()).toBeGreaterThan(0);
    expect(await changes.first().locator('h3').innerText()).toMatch(/^1\.\s+(Write|Edit|MultiEdit|NotebookEdit)\s/);
    await page.screenshot({ path: `${ARTIFACTS}/files-changed.png`, fullPage: false });
    // Back to the call in the conversation: the page opens it.
    await changes.first().locator('a', { hasText: 'in the conversation' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#tool-') && document.documentElement.classList.contains('js'));
    const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
    expect(await page.locator(`[id="${id}"] > details.call`).getAttribute('open')).toBe('');
  });

  it('scopes the site bar\'s search to the session', async () => {
    const form = page.locator('nav.site form[action="/search"]');
    expect(await form.locator('input[name="session"]').getAttribute('value')).toBe(SESSION);
    expect(await form.locator('input[name="q"]').count()).toBe(1);
  });
});

describe('live follow in Chromium', () => {
  it('puts appended turns in the page, and says "N new" instead of jumping when the reader scrolled up', async () => {
    const batch = syntheticSessionBatch();
    const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(r.status).toBe(200);
    await kap.settled([batch.sessionId]);
    const live = await page.context().newPage();
    await live.setViewportSize({ width: 1280, height: 600 });
    live.on('pageerror', (error) => console.error('page error:', error));
    await live.goto(`${kap.url}/s/${batch.sessionId}`);
    await live.waitForFunction(() => document.documentElement.dataset.live === 'on');
    await expect(live.locator('#turn-2').count()).resolves.toBe(0);

    // At the bottom: the new turn appears and the page follows it.
    await live.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await appendTurn(kap, batch.sessionId, 'now document the rounding rule', new Date('2026-11-20T09:30:00Z'));
    await live.waitForSelector('#turn-2');
    expect(await live.locator('#turn-2 .prompt').innerText()).toContain('now document the rounding rule');
    await live.waitForSelector('#outline li[data-turn="2"]');
    expect(await live.locator('#live-new').isHidden()).toBe(true);
    await live.screenshot({ path: `${ARTIFACTS}/live-follow-appended.png` });

    // Scrolled up: the turn comes in below, and a button says how many items are new.
    await live.evaluate(() => scrollTo(0, 0));
    await appendTurn(kap, batch.sessionId, 'and add a changelog entry', new Date('2026-11-20T09:40:00Z'));
    await live.waitForSelector('#turn-3');
    const button = live.locator('#live-new');
    await button.waitFor({ state: 'visible' });
    expect(await button.textContent()).toMatch(/^\d+ new$/);
    expect(await live.evaluate(() => scrollY)).toBe(0);
    await live.screenshot({ path: `${ARTIFACTS}/live-follow-new-button.png` });
    await button.click();
    expect(await button.isHidden()).toBe(true);
    const top = await topOf(live, '#turn-3');
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(600);
    await live.close();
  });
});
