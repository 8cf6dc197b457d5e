/**
 * Horizontal bars, one row per item (a person, a repository), longest first as given, drawn with
 * d3-scale (linear length, band rows): cost per person and per repository. Names are clipped on the axis
 * and given in full in each bar's `<title>`.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { clipLabel, colourOf, n, svgChart, svgText } from './svgFrame.js';

export interface BarListInput {
  id: string;
  title: string;
  description: string;
  /** Rows in the order to draw them; values non-negative (others count as 0). */
  items: ReadonlyArray<{ label: string; value: number; text?: string }>;
  /** A value as text, after the bar and in its tooltip (an item's own `text` wins: "price unknown"). */
  format: (value: number) => string;
  width?: number;
  /** Colour index (svgFrame.ts PALETTE). */
  colour?: number;
}

const ROW = 24;
const LABEL = 170;
const VALUE = 110;

export function barList(input: BarListInput): string {
  const width = input.width ?? 720;
  const height = Math.max(1, input.items.length) * ROW + 8;
  const values = input.items.map((item) => (Number.isFinite(item.value) && item.value > 0 ? item.value : 0));
  const max = Math.max(0, ...values);
  const x = scaleLinear().domain([0, max > 0 ? max : 1]).range([LABEL, width - VALUE]);
  const y = scaleBand<number>().domain(input.items.map((_, i) => i)).range([4, height - 4]).padding(0.2);
  const rows = input.items.map((item, i) => {
    const v = values[i]!;
    const top = y(i) ?? 0;
    const mid = top + y.bandwidth() / 2 + 4;
    const text = item.text ?? input.format(v);
    return `<g class="row"><text x="${LABEL - 8}" y="${n(mid)}" text-anchor="end">${svgText(clipLabel(item.label, 26))}</text>`
      + `<rect class="bar" data-label="${svgText(item.label)}" data-value="${v}" x="${LABEL}" y="${n(top)}" width="${n(x(v) - LABEL)}" height="${n(y.bandwidth())}" fill="${colourOf(input.colour ?? 0)}"><title>${svgText(`${item.label}: ${text}`)}</title></rect>`
      + `<text x="${n(x(v) + 6)}" y="${n(mid)}" fill="#616061">${svgText(text)}</text></g>`;
  });
  return svgChart({ id: input.id, width, height, title: input.title, description: input.description }, rows.join(''));
}
