/**
 * Vertical stacked bars, one bar per category (a day) and one segment per series (a model), drawn with
 * d3-scale (band and linear scales) and d3-shape's `stack`. The data is read through `value(category,
 * series)`, never through objects keyed by series names, so a series called `__proto__` is one like any other.
 * Each segment has a `<title>` ("2026-12-01 · Opus 4.6: 1.2M tokens"); a bar's full height is its total.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import { clipLabel, colourOf, legend, n, svgChart, svgText } from './svgFrame.js';

export interface StackedBarsInput {
  /** Unique on the page. */
  id: string;
  title: string;
  description: string;
  /** Along the x axis, in order (days `YYYY-MM-DD`). */
  categories: readonly string[];
  /** The stacked series, bottom first. */
  series: readonly string[];
  /** What a series is called in the legend and tooltips (default: its key). */
  seriesLabel?: (series: string) => string;
  /** Category label on the axis (default: the category). */
  categoryLabel?: (category: string) => string;
  /** A non-negative number; anything else counts as 0. */
  value: (category: string, series: string) => number;
  /** A value as text, for the axis and the tooltips. */
  format: (value: number) => string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 10, right: 12, bottom: 28, left: 64 };

/** The chart as an `<svg>` element. */
export function stackedBars(input: StackedBarsInput): string {
  const width = input.width ?? 720;
  const plotHeight = (input.height ?? 260) - MARGIN.top - MARGIN.bottom;
  const label = input.seriesLabel ?? ((s: string) => s);
  const safe = (category: string, series: string) => {
    const v = input.value(category, series);
    return Number.isFinite(v) && v > 0 ? v : 0;
  };
  const layers = stack<string, string>().keys(input.series).value((category, series) => safe(category, series))([...input.categories]);
  const max = Math.max(0, ...layers.flatMap((layer) => layer.map((point) => point[1])));
  const x = scaleBand<string>().domain(input.categories).range([MARGIN.left, width - MARGIN.right]).padding(0.2);
  const y = scaleLinear().domain([0, max > 0 ? max : 1]).nice(4).range([MARGIN.top + plotHeight, MARGIN.top]);

  const ticks = y.ticks(4).map((t) => `<g class="tick"><line x1="${MARGIN.left}" x2="${n(width - MARGIN.right)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e8e8e8"/><text x="${MARGIN.left - 6}" y="${n(y(t) + 4)}" text-anchor="end" fill="#616061">${svgText(input.format(t))}</text></g>`);
  const every = Math.max(1, Math.ceil(input.categories.length / 12));
  const xLabels = input.categories.map((c, i) => (i % every === 0 ? `<text x="${n((x(c) ?? 0) + x.bandwidth() / 2)}" y="${n(MARGIN.top + plotHeight + 16)}" text-anchor="middle" fill="#616061">${svgText(clipLabel((input.categoryLabel ?? ((v: string) => v))(c), 12))}</text>` : ''));
  const bars = layers.flatMap((layer, s) => layer.map((point, i) => {
    const category = input.categories[i]!;
    const v = point[1] - point[0];
    if (v <= 0) return '';
    return `<rect class="bar" data-category="${svgText(category)}" data-series="${svgText(layer.key)}" data-value="${v}" x="${n(x(category) ?? 0)}" y="${n(y(point[1]))}" width="${n(x.bandwidth())}" height="${n(y(point[0]) - y(point[1]))}" fill="${colourOf(s)}"><title>${svgText(`${category} · ${label(layer.key)}: ${input.format(v)}`)}</title></rect>`;
  }));
  const key = input.series.length > 1 ? legend(input.series.map(label), { x: MARGIN.left, y: MARGIN.top + plotHeight + 28, width: width - MARGIN.left - MARGIN.right }) : { svg: '', height: 0 };
  const height = MARGIN.top + plotHeight + MARGIN.bottom + (key.height > 0 ? key.height + 6 : 0);
  const axis = `<line x1="${MARGIN.left}" x2="${n(width - MARGIN.right)}" y1="${n(MARGIN.top + plotHeight)}" y2="${n(MARGIN.top + plotHeight)}" stroke="#9aa0a6"/>`;
  return svgChart({ id: input.id, width, height, title: input.title, description: input.description }, `${ticks.join('')}${bars.join('')}${axis}${xLabels.join('')}${key.svg}`);
}
