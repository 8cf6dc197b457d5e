/**
 * Team usage (`GET /usage`): tokens per model, cache hit rate and cost per day, per person and per
 * repository over a period, from usage/usageReport.ts's report (only sessions the reader may read count).
 * Charts are inline SVG rendered here (renderers/charts/*.ts); each is followed by a table of the same
 * numbers, so the page reads without the pictures (screen readers, text browsers, copy and paste).
 *
 * Cost is at list prices; a total that leaves out models without a price says "(partial)", and one with no
 * priced model says "price unknown" (renderers/format.ts), never a guess.
 */
import type { TokenCounts } from '../projections/tokenCounts.js';
import type { UsageReport, UsageTotals } from '../usage/usageReport.js';
import { allTokens } from '../usage/usageReport.js';
import { barList } from './charts/barList.js';
import { rateLine } from './charts/rateLine.js';
import { stackedBars } from './charts/stackedBars.js';
import { cacheHitRate, formatCount, formatModelCost, formatPercent, formatTotalCost, formatUsd, modelLabel } from './format.js';
import { escapeHtml } from './page/html.js';
import { problemsBox, sitePage } from './page/sitePage.js';
import type { SignedInPerson } from './webPage.js';

export interface UsageFormValues {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface UsagePageInput {
  /** The report over the period, or undefined when the query had problems. */
  report: UsageReport | undefined;
  /** Every day of the period, `YYYY-MM-DD`, in order. */
  days: readonly string[];
  /** What the period is called in the heading: "the last 7 days", "2026-11-01 to 2026-11-30". */
  periodText: string;
  form: UsageFormValues;
  /** The name shown for a person key of `report.byPerson` (null: nobody resolved). */
  personLabel: (key: string | null) => string;
  problems?: readonly string[];
  person?: SignedInPerson | undefined;
}

const PERIODS = [['week', 'Last 7 days'], ['month', 'Last 30 days'], ['90d', 'Last 90 days']] as const;

const USAGE_CSS = 'svg.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}.figures{display:flex;flex-wrap:wrap;gap:1.5rem;margin:1rem 0}'
  + '.figures div{display:flex;flex-direction:column}.figures strong{font-size:1.3rem}.periods a[aria-current]{font-weight:700;color:#1d1c1d;text-decoration:none}'
  + 'details{margin:.25rem 0 1.5rem}summary{cursor:pointer;color:#1264a3}';

const sumTokens = (t: TokenCounts) => t.input + t.output + t.cacheRead + t.cacheWrite;
const totalsCost = (t: UsageTotals) => formatTotalCost(t.costUsd, t.unpricedModels);
const hitRate = (t: UsageTotals) => {
  const rate = cacheHitRate(allTokens(t.tokens));
  return rate === undefined ? '—' : formatPercent(rate);
};

function periodForm(form: UsageFormValues): string {
  const links = PERIODS.map(([value, label]) => `<a href="/usage?period=${value}"${form.period === value || (value === 'week' && !form.period && !form.from && !form.to) ? ' aria-current="true"' : ''}>${label}</a>`);
  return `<p class="periods">${links.join(' · ')}</p>`
    + '<form class="filters" method="get" action="/usage" aria-label="Choose dates">'
    + `<label>From<input type="date" name="from" value="${escapeHtml(form.from ?? '')}"></label>`
    + `<label>To<input type="date" name="to" value="${escapeHtml(form.to ?? '')}"></label>`
    + '<button type="submit">Show</button></form>';
}

function table(caption: string, head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const th = head.map((h, i) => `<th${i > 0 ? ' class="num"' : ''} scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td class="num">${escapeHtml(c)}</td>`)).join('')}</tr>`).join('');
  return `<table><caption class="muted" style="text-align:left">${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Groups by cost, most first (then tokens, then name), as [label, totals]. */
function ranked(map: ReadonlyMap<string | null, UsageTotals>, label: (key: string | null) => string): Array<[string, UsageTotals]> {
  return [...map].map(([k, t]) => [label(k), t] as [string, UsageTotals])
    .sort((a, b) => b[1].costUsd - a[1].costUsd || sumTokens(allTokens(b[1].tokens)) - sumTokens(allTokens(a[1].tokens)) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function groupSection(id: string, heading: string, rows: Array<[string, UsageTotals]>): string {
  const chart = barList({
    id,
    title: `Cost per ${heading}`,
    description: `List-price cost of each ${heading}'s sessions in the period, most first.`,
    items: rows.map(([label, t]) => ({ label, value: t.costUsd, text: totalsCost(t) })),
    format: formatUsd,
    colour: id === 'cost-per-person' ? 0 : 2,
  });
  return `<h2>Cost per ${heading}</h2>${chart}`
    + table(`Usage per ${heading}`, [heading.charAt(0).toUpperCase() + heading.slice(1), 'Sessions', 'Prompts', 'Tokens', 'Cache hit rate', 'Cost'],
      rows.map(([label, t]) => [label, String(t.sessions), String(t.prompts), formatCount(sumTokens(allTokens(t.tokens))), hitRate(t), totalsCost(t)]));
}

function reportHtml(input: UsagePageInput, report: UsageReport): string {
  const { days } = input;
  const day = (d: string) => report.byDay.get(d);
  const models = [...report.total.tokens].sort((a, b) => sumTokens(b[1]) - sumTokens(a[1]) || (a[0] < b[0] ? -1 : 1)).map(([m]) => m);
  const total = report.total;
  const figures = [['Sessions', String(total.sessions)], ['Prompts', String(total.prompts)], ['Tokens', formatCount(sumTokens(allTokens(total.tokens)))], ['Cache hit rate', hitRate(total)], ['Cost', totalsCost(total)]];
  const shortDay = (d: string) => d.slice(5);
  const parts = [`<div class="figures">${figures.map(([k, v]) => `<div><span class="muted">${k}</span><strong>${escapeHtml(v!)}</strong></div>`).join('')}</div>`];
  if (total.sessions === 0) return `${parts.join('')}<p class="muted">No session you may read was active in this period.</p>`;

  parts.push('<h2>Tokens per day, by model</h2>', stackedBars({
    id: 'tokens-per-day',
    title: 'Tokens per day, by model',
    description: 'Input, output and cache tokens of each day, stacked by model.',
    categories: days,
    series: models,
    seriesLabel: modelLabel,
    categoryLabel: shortDay,
    value: (d, model) => {
      const t = day(d)?.tokens.get(model);
      return t ? sumTokens(t) : 0;
    },
    format: formatCount,
  }));
  parts.push(table('Tokens per model', ['Model', 'Input', 'Output', 'Cache read', 'Cache write', 'Cache hit rate', 'Cost'], models.map((m) => {
    const t = total.tokens.get(m)!;
    const rate = cacheHitRate(t);
    return [modelLabel(m) === m ? m : `${modelLabel(m)} (${m})`, formatCount(t.input), formatCount(t.output), formatCount(t.cacheRead), formatCount(t.cacheWrite), rate === undefined ? '—' : formatPercent(rate), formatModelCost(m, t)];
  })));
  parts.push('<h2>Cost per day</h2>', stackedBars({
    id: 'cost-per-day',
    title: 'Cost per day',
    description: 'List-price cost of each day\'s sessions (models without a price left out).',
    categories: days,
    series: ['cost'],
    seriesLabel: () => 'Cost',
    categoryLabel: shortDay,
    value: (d) => day(d)?.costUsd ?? 0,
    format: formatUsd,
    height: 220,
  }));
  parts.push('<h2>Cache hit rate per day</h2>', rateLine({
    id: 'cache-hit-rate',
    title: 'Cache hit rate per day',
    description: 'Share of prompt tokens read from the prompt cache each day; no point on days without prompt tokens.',
    categories: days,
    value: (d) => {
      const t = day(d);
      return t ? cacheHitRate(allTokens(t.tokens)) : undefined;
    },
    format: formatPercent,
    categoryLabel: shortDay,
  }));
  parts.push(`<details><summary>Every day as a table</summary>${table('Usage per day', ['Day', 'Sessions', 'Tokens', 'Cache hit rate', 'Cost'], days.map((d) => {
    const t = day(d);
    return t ? [d, String(t.sessions), formatCount(sumTokens(allTokens(t.tokens))), hitRate(t), totalsCost(t)] : [d, '0', '0', '—', '$0.00'];
  }))}</details>`);
  parts.push(groupSection('cost-per-person', 'person', ranked(report.byPerson, input.personLabel)));
  parts.push(groupSection('cost-per-repo', 'repository', ranked(report.byRepo, (k) => k ?? 'No repository')));
  return parts.join('');
}

export function renderUsagePage(input: UsagePageInput): string {
  const parts = ['<h1>Team usage</h1>', periodForm(input.form)];
  if (input.problems && input.problems.length > 0) parts.push(problemsBox(input.problems));
  if (input.report) {
    parts.push(`<p class="muted">${escapeHtml(`Sessions you may read, active in ${input.periodText} (UTC). A session counts on the day of its last activity; cost at list prices.`)} <a href="/">Sessions</a></p>`);
    parts.push(reportHtml(input, input.report));
  }
  return sitePage({ title: 'Team usage', section: 'usage', mainHtml: parts.join(''), css: USAGE_CSS, person: input.person });
}
