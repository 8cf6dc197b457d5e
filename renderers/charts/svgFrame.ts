/**
 * Shared pieces of the server-rendered charts (renderers/charts/*.ts): the `<svg>` element with its
 * accessible name, the colour of a series, and text escaping. Charts are inline SVG markup in the page (the
 * pages' CSP allows it; no script draws them), each mark with a `<title>` the browser shows as a tooltip,
 * and every chart has a table of the same numbers beside it on the page (renderers/usagePage.ts), so
 * nothing is only in the picture.
 *
 * Numbers are written with two decimals at most, so the same input always gives the same markup.
 */
import { escapeHtml } from '../page/html.js';

/** Colour-blind-friendly categorical palette (Okabe–Ito, then a few extras); series past it repeat. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#7F7F7F', '#8C564B'] as const;

export function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** Text for SVG element content and quoted attributes (XML needs the same five escapes as HTML). */
export const svgText = escapeHtml;

/** A coordinate or length, rounded to two decimals (`12.5`, `0`, never `-0`). */
export function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * The `<svg>` element around `body`: `title` names the chart (its accessible name, via `aria-labelledby`),
 * `description` says in words what it shows. `id` must be unique on the page.
 */
export function svgChart(options: { id: string; width: number; height: number; title: string; description: string }, body: string): string {
  const { id, width, height } = options;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${svgText(id)}" role="img" aria-labelledby="${svgText(id)}-title ${svgText(id)}-desc" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="system-ui, sans-serif" font-size="11">`
    + `<title id="${svgText(id)}-title">${svgText(options.title)}</title><desc id="${svgText(id)}-desc">${svgText(options.description)}</desc>${body}</svg>`;
}

/** Text clipped to about `max` characters (an ellipsis when cut): labels in a chart have little room. */
export function clipLabel(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** A legend of series as rows of swatches and names, wrapped to `width`; returns its markup and height. */
export function legend(labels: readonly string[], options: { x: number; y: number; width: number }): { svg: string; height: number } {
  let x = 0;
  let y = 0;
  const items: string[] = [];
  for (const [i, label] of labels.entries()) {
    const text = clipLabel(label, 40);
    const w = 18 + text.length * 6.5 + 14;
    if (x > 0 && x + w > options.width) {
      x = 0;
      y += 16;
    }
    items.push(`<g transform="translate(${n(options.x + x)},${n(options.y + y)})"><rect width="10" height="10" fill="${colourOf(i)}"/><text x="14" y="9">${svgText(text)}</text></g>`);
    x += w;
  }
  return { svg: `<g class="legend">${items.join('')}</g>`, height: labels.length === 0 ? 0 : y + 16 };
}
