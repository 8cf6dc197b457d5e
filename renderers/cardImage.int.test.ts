/**
 * PNG snapshots of the session card. Each render is compared pixel by pixel (pixelmatch) with the PNG
 * committed under __snapshots__/; a missing snapshot is written (outside CI), a mismatch fails and leaves
 * `<name>.actual.png` and `<name>.diff.png` beside the snapshot for inspection.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { extremeSummary, SAMPLE_NOW, sampleSummary } from '../test/support/cardFixtures.js';
import { CARD_HEIGHT, CARD_WIDTH, renderCardPng, renderCardSvg, STATUS_COLORS } from './cardImage.js';

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), '__snapshots__');
/** Per-pixel colour distance pixelmatch tolerates (0…1), and the share of pixels that may still differ. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFF_RATIO = 0.001;

/** Compares `png` with `__snapshots__/<name>.png`; returns a failure message or undefined. */
function compareWithSnapshot(name: string, png: Buffer): string | undefined {
  const expectedPath = join(SNAPSHOTS, `${name}.png`);
  const actualPath = join(SNAPSHOTS, `${name}.actual.png`);
  const diffPath = join(SNAPSHOTS, `${name}.diff.png`);
  rmSync(actualPath, { force: true });
  rmSync(diffPath, { force: true });
  if (!existsSync(expectedPath)) {
    if (process.env.CI) return `no snapshot ${expectedPath}: run the test locally and commit the PNG it writes`;
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(expectedPath, png);
    return undefined;
  }
  const expected = PNG.sync.read(readFileSync(expectedPath));
  const actual = PNG.sync.read(png);
  if (expected.width !== actual.width || expected.height !== actual.height) {
    writeFileSync(actualPath, png);
    return `${name}: size ${actual.width}×${actual.height}, snapshot ${expected.width}×${expected.height}; see ${actualPath}`;
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: PIXEL_THRESHOLD });
  if (differing <= actual.width * actual.height * MAX_DIFF_RATIO) return undefined;
  writeFileSync(actualPath, png);
  writeFileSync(diffPath, PNG.sync.write(diff));
  return `${name}: ${differing} pixels differ from ${expectedPath} (at most ${Math.floor(actual.width * actual.height * MAX_DIFF_RATIO)} may); see ${actualPath} and ${diffPath}. If the change is intended, replace the snapshot with the actual PNG.`;
}

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = (png.width * y + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
const distance = (a: readonly number[], b: readonly number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0);

/** The colour inside the status pill: scanning its row from the right edge to the pill, then a few px in. */
function pillColor(png: PNG): [number, number, number] {
  const y = 41;
  const background = pixel(png, png.width - 1, y);
  let x = png.width - 1;
  while (x > png.width / 2 && distance(pixel(png, x, y), background) < 30) x--;
  return pixel(png, x - 5, y);
}

describe('the session card PNG', () => {
  let corpusSession: SessionSummary;

  // The long spotter session (main transcript and its subagents' folder), through `kap import`'s path.
  beforeAll(async () => {
    const kap = await startKapForTest();
    try {
      const id = 'ae4a77f8-aedd-4bc1-888f-c94edc91af04';
      await importCorpus(kap, [`spotter/${id}.jsonl`, `spotter/${id}`]);
      corpusSession = (await kap.summary(id))!;
    } finally {
      await kap.close();
    }
  }, 120_000);

  it('matches the snapshot for a waiting session with every field set', async () => {
    const png = await renderCardPng(sampleSummary(), { now: SAMPLE_NOW });
    expect(compareWithSnapshot('session-card-sample', png)).toBeUndefined();
  });

  it('matches the snapshot for a real corpus session (three models, subagents)', async () => {
    expect(corpusSession).toBeDefined();
    const png = await renderCardPng(corpusSession, { now: new Date('2026-02-12T15:10:00.000Z') });
    expect(compareWithSnapshot('session-card-corpus-ae4a77f8', png)).toBeUndefined();
  });

  it('matches the snapshot for extreme input: everything cut to fit, nothing overflows', async () => {
    const png = await renderCardPng(extremeSummary(), { now: SAMPLE_NOW });
    expect(compareWithSnapshot('session-card-extreme', png)).toBeUndefined();
  });

  it('is 800×418 and the same bytes for the same summary and time', async () => {
    const a = await renderCardPng(sampleSummary(), { now: SAMPLE_NOW });
    const b = await renderCardPng(sampleSummary(), { now: SAMPLE_NOW });
    const image = PNG.sync.read(a);
    expect([image.width, image.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    expect(a.equals(b)).toBe(true);
  });

  it.each(['running', 'waiting', 'idle', 'ended'] as const)('colours the status pill for %s', async (status) => {
    const png = PNG.sync.read(await renderCardPng({ ...sampleSummary(), status }, { now: SAMPLE_NOW }));
    expect(distance(pillColor(png), hex(STATUS_COLORS[status].background))).toBeLessThan(12);
  });

  it('draws text as paths from the packaged fonts, with no font left for the rasteriser to find', async () => {
    const svg = await renderCardSvg(sampleSummary(), { now: SAMPLE_NOW });
    expect(svg).not.toContain('<text');
    expect(svg).toContain('<path');
  });
});
