/**
 * What the session page says about a turn: its head line (number, time, duration, tool calls, tokens per
 * model, cost) and its row in the outline of prompts (the page's table of contents).
 */
import type { TurnStats } from '../../projections/sessionTurnStats.js';
import { firstLine } from '../../projections/sessionTurnStats.js';
import { turnAnchor } from '../../projections/sessionTurns.js';
import { formatTotalCost } from '../format.js';
import { escapeHtml, formatCompact, formatCount, formatDuration, timeTag } from './html.js';

function costOf(stats: TurnStats): string {
  const any = Object.values(stats.tokens).some((t) => t.input + t.output + t.cacheRead + t.cacheWrite > 0);
  return any ? formatTotalCost(stats.cost.usd, stats.cost.unpricedModels) : '';
}

/** `opus-4-6 in 1.2k · out 300 · cache read 45.3k · cache write 2k`, one per model. */
function tokensOf(stats: TurnStats): string {
  return Object.entries(stats.tokens)
    .filter(([, t]) => t.input + t.output + t.cacheRead + t.cacheWrite > 0)
    .map(([model, t]) => `<span class="tokens" title="input · output · cache read · cache write"><span class="mono">${escapeHtml(model)}</span> in ${formatCompact(t.input)} · out ${formatCompact(t.output)} · cache read ${formatCompact(t.cacheRead)} · cache write ${formatCompact(t.cacheWrite)}</span>`)
    .join('');
}

/** The head of a turn's section. */
export function renderTurnHead(stats: TurnStats): string {
  const parts = [
    `<a class="turn-n" href="#${turnAnchor(stats.n)}">${stats.n === 0 ? 'Before the first prompt' : `Turn ${stats.n}`}</a>`,
    timeTag(stats.firstAt),
    stats.durationMs !== null ? `<span class="dur">${formatDuration(stats.durationMs)}</span>` : '',
    stats.toolCalls > 0 ? `<span>${formatCount(stats.toolCalls)} tool ${stats.toolCalls === 1 ? 'call' : 'calls'}${stats.toolErrors > 0 ? `, <b class="err">${formatCount(stats.toolErrors)} failed</b>` : ''}</span>` : '',
    costOf(stats) !== '' ? `<span class="cost">${escapeHtml(costOf(stats))}</span>` : '',
  ].filter((p) => p !== '');
  return `<div class="turn-head">${parts.join('')}${tokensOf(stats)}</div>`;
}

/** The outline of prompts: one row per turn linking to its anchor. */
export function renderOutline(turns: readonly TurnStats[]): string {
  const prompted = turns.filter((t) => t.prompt !== null);
  if (prompted.length === 0) return '';
  const rows = prompted.map((t) => {
    const cost = costOf(t);
    return `<li data-turn="${t.n}"><a href="#${turnAnchor(t.n)}"><span class="n">${t.n}</span><span class="t">${escapeHtml(firstLine(t.prompt!.text))}</span></a>${timeTag(t.firstAt)}${t.durationMs !== null ? `<span class="dur">${formatDuration(t.durationMs)}</span>` : ''}${cost !== '' ? `<span class="cost">${escapeHtml(cost)}</span>` : ''}</li>`;
  });
  return `<nav class="outline" id="outline" aria-label="Prompts"><h2>Prompts</h2><ol>${rows.join('')}</ol></nav>`;
}

/** One outline row (for live follow: the script adds rows for new turns). */
export function renderOutlineRow(stats: TurnStats): string {
  return renderOutline([stats]).replace(/^.*<ol>|<\/ol><\/nav>$/g, '');
}
