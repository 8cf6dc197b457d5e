/**
 * A line of a ratio (0…1) over categories (days), drawn with d3-scale and d3-shape's `line`: the cache hit
 * rate per day. A day without a value (no prompt tokens) breaks the line (`defined`) rather than dropping
 * it to zero; each day with a value has a point with a `<title>` tooltip.
 */
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { clipLabel, n, svgChart, svgText } from './svgFrame.js';

export interface RateLineInput {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  /** The ratio of a category, 0…1 (clamped), or undefined when there is none. */
  value: (category: string) => number | undefined;
  format: (ratio: number) => string;
  categoryLabel?: (category: string) => string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 10, right: 16, bottom: 28, left: 48 };

export function rateLine(input: RateLineInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 200;
  const x = scalePoint<string>().domain(input.categories).range([MARGIN.left, width - MARGIN.right]).padding(0.5);
  const y = scaleLinear().domain([0, 1]).range([height - MARGIN.bottom, MARGIN.top]);
  const points = input.categories.map((c) => {
    const v = input.value(c);
    return { c, v: v === undefined || !Number.isFinite(v) ? undefined : Math.min(1, Math.max(0, v)) };
  });
  const path = line<{ c: string; v: number | undefined }>()
    .defined((p) => p.v !== undefined)
    .x((p) => x(p.c) ?? 0)
    .y((p) => y(p.v ?? 0))(points) ?? '';
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<g class="tick"><line x1="${MARGIN.left}" x2="${n(width - MARGIN.right)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e8e8e8"/><text x="${MARGIN.left - 6}" y="${n(y(t) + 4)}" text-anchor="end" fill="#616061">${svgText(input.format(t))}</text></g>`);
  const every = Math.max(1, Math.ceil(input.categories.length / 12));
  const xLabels = input.categories.map((c, i) => (i % every === 0 ? `<text x="${n(x(c) ?? 0)}" y="${n(height - MARGIN.bottom + 16)}" text-anchor="middle" fill="#616061">${svgText(clipLabel((input.categoryLabel ?? ((v: string) => v))(c), 12))}</text>` : ''));
  // d3's path data is numbers and command letters only; rounded for stable markup.
  const d = path.replace(/-?\d+\.?\d*(?:e-?\d+)?/g, (num) => n(Number(num)));
  const dots = points.map((p) => (p.v === undefined ? '' : `<circle class="point" data-category="${svgText(p.c)}" data-value="${p.v}" cx="${n(x(p.c) ?? 0)}" cy="${n(y(p.v))}" r="3.5" fill="#0072B2"><title>${svgText(`${p.c}: ${input.format(p.v)}`)}</title></circle>`));
  return svgChart({ id: input.id, width, height, title: input.title, description: input.description }, `${ticks.join('')}<path d="${d}" fill="none" stroke="#0072B2" stroke-width="2"/>${dots.join('')}${xLabels.join('')}`);
}
