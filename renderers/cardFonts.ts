/**
 * The fonts the PNG card is drawn with, read once from the @fontsource packages (never system fonts, so
 * every machine draws the same pixels). satori reads TTF/OTF/WOFF, not WOFF2, hence the `.woff` files.
 * Inter for text, JetBrains Mono for code. Latin Extended (accented names and paths) is loaded in one weight
 * only: satori falls back to it for any weight, and each extra font file costs layout time per render.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font } from 'satori';

export const SANS = 'Inter';
export const MONO = 'JetBrains Mono';

const require = createRequire(import.meta.url);

const FILES: { name: string; pkg: string; file: string; weight: 400 | 500 | 600 | 700 }[] = [
  { name: SANS, pkg: '@fontsource/inter', file: 'inter-latin-400-normal.woff', weight: 400 },
  { name: SANS, pkg: '@fontsource/inter', file: 'inter-latin-ext-400-normal.woff', weight: 400 },
  { name: SANS, pkg: '@fontsource/inter', file: 'inter-latin-600-normal.woff', weight: 600 },
  { name: SANS, pkg: '@fontsource/inter', file: 'inter-latin-700-normal.woff', weight: 700 },
  { name: MONO, pkg: '@fontsource/jetbrains-mono', file: 'jetbrains-mono-latin-400-normal.woff', weight: 400 },
];

let loaded: Font[] | undefined;

/** The card's fonts for satori, read from disk on the first call only. Throws if a package is missing. */
export function cardFonts(): Font[] {
  loaded ??= FILES.map(({ name, pkg, file, weight }) => ({
    name,
    data: readFileSync(require.resolve(`${pkg}/files/${file}`)),
    weight,
    style: 'normal' as const,
  }));
  return loaded;
}

/**
 * Code points the loaded subsets cover: the `unicode-range` of @fontsource/inter's `latin` and `latin-ext`
 * subsets (node_modules/@fontsource/inter/400.css). Anything else (CJK, emoji, Hebrew…) would be drawn as
 * an empty box.
 */
const COVERED: [number, number][] = [
  [0x0000, 0x00ff], [0x0100, 0x02ba], [0x02bb, 0x02bc], [0x02bd, 0x02c5], [0x02c6, 0x02c6], [0x02c7, 0x02cc],
  [0x02ce, 0x02d7], [0x02da, 0x02da], [0x02dc, 0x02dc], [0x02dd, 0x02ff], [0x0304, 0x0304], [0x0308, 0x0308],
  [0x0329, 0x0329], [0x0131, 0x0131], [0x0152, 0x0153], [0x1d00, 0x1dbf], [0x1e00, 0x1e9f], [0x1ef2, 0x1eff],
  [0x2000, 0x206f], [0x20a0, 0x20c0], [0x2113, 0x2113], [0x2122, 0x2122], [0x2191, 0x2191], [0x2193, 0x2193],
  [0x2212, 0x2212], [0x2215, 0x2215], [0x2c60, 0x2c7f], [0xa720, 0xa7ff], [0xfeff, 0xfeff], [0xfffd, 0xfffd],
];

function covered(codePoint: number): boolean {
  return COVERED.some(([from, to]) => codePoint >= from && codePoint <= to);
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The text with each run of characters the card's fonts cannot draw replaced by one `�` (U+FFFD), and
 * emoji dropped (decoration; a box would be worse). Whole graphemes are kept or replaced, never split.
 */
export function drawable(text: string): string {
  let out = '';
  let inGap = false;
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    if ([...segment].every((c) => covered(c.codePointAt(0)!))) {
      out += segment;
      inGap = false;
    } else if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment)) {
      continue;
    } else if (!inGap) {
      out += '\ufffd';
      inGap = true;
    }
  }
  return out;
}

/** Whether the text still reads as words once drawable: at least 3 Latin letters or digits. */
export function readable(text: string): boolean {
  return (drawable(text).match(/[\p{Script=Latin}\d]/gu)?.length ?? 0) >= 3;
}
