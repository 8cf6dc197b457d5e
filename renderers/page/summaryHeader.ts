/**
 * The top of the session page: what the session is (title, repo, branch, who, where, status) and its
 * figures (prompts, turns, tool calls, tokens and cache per model, cost, tools, files changed), all from
 * the session summary.
 */
import type { SessionSummary } from '../../projections/sessionSummary.js';
import { formatCost, formatModelCost } from '../format.js';
import { relativeToRoot } from '../../projections/sessionFileHistory.js';
import { escapeHtml, formatCompact, formatCount, formatDateTime, formatDuration } from './html.js';
import { sessionHref } from './sessionLinks.js';
import type { SessionLinks } from './sessionLinks.js';

/** Files listed openly up to this many; more go in a collapsed list. */
const OPEN_FILES = 12;

/** The `<header>` of the page. `title` is the page's heading (already chosen); `now` dates the status. */
export function renderSummaryHeader(summary: SessionSummary, title: string, now: Date): string {
  const s = summary;
  const meta = [
    s.repo !== null ? `repo <b>${escapeHtml(s.repo)}</b>` : '',
    s.branch !== null ? `branch <b>${escapeHtml(s.branch)}</b>` : '',
    s.user !== null ? `by <b>${escapeHtml(s.user)}</b>` : '',
    s.host !== null ? `on <b>${escapeHtml(s.host)}</b>` : '',
    s.cwd !== null ? `in <span class="mono">${escapeHtml(s.cwd)}</span>` : '',
  ].filter((m) => m !== '');
  const when = [
    s.startedAt !== null ? `started ${escapeHtml(formatDateTime(s.startedAt))}` : '',
    s.lastActivityAt !== null ? `last activity ${escapeHtml(formatDateTime(s.lastActivityAt))}` : '',
    s.startedAt !== null && s.lastActivityAt !== null ? `over ${formatDuration(Date.parse(s.lastActivityAt) - Date.parse(s.startedAt))}` : '',
  ].filter((m) => m !== '');
  const toolCalls = Object.values(s.tools).reduce((a, b) => a + b, 0);
  const tokens = Object.values(s.tokens).reduce((a, t) => a + t.input + t.output + t.cacheRead + t.cacheWrite, 0);
  const figures: [string, string][] = [
    [formatCount(s.prompts), 'prompts'],
    [formatCount(s.turns), 'model responses'],
    [formatCount(toolCalls), s.toolErrors > 0 ? `tool calls, ${formatCount(s.toolErrors)} failed` : 'tool calls'],
    [formatCount(s.subagents), 'subagents'],
    [formatCompact(tokens), 'tokens'],
    [formatCost(s), 'cost (list price)'],
    [formatCount(s.filesChanged.length), 'files changed'],
  ];
  return `<header class="session">
<h1>${escapeHtml(title)}</h1>
<div class="meta"><span id="session-status">${statusBadge(s, now)}</span>${meta.map((m) => `<span>${m}</span>`).join('')}</div>
<div class="meta">${when.map((m) => `<span>${m}</span>`).join('')}<span class="mono">session ${escapeHtml(s.sessionId)}</span></div>
<div class="figures">${figures.map(([n, l]) => `<div class="figure"><div class="n">${escapeHtml(n)}</div><div class="l">${escapeHtml(l)}</div></div>`).join('')}</div>
</header>`;
}

function statusBadge(s: SessionSummary, now: Date): string {
  const sinceMs = Date.parse(s.statusSince ?? '');
  const since = Number.isNaN(sinceMs) ? '' : ` for ${formatDuration(now.getTime() - sinceMs)}`;
  const on = s.status === 'waiting' && s.waitingFor !== null ? ` on ${s.waitingFor}` : '';
  return `<span class="badge ${escapeHtml(s.status)}">${escapeHtml(`${s.status}${on}${since}`)}</span>`;
}

/**
 * The stats section: tokens and cache per model with cost, tool calls per tool, files changed (paths
 * relative to the session's working directory, each linked to its changes on `/s/<id>/files`).
 */
export function renderStats(summary: SessionSummary, links: SessionLinks): string {
  const models = Object.entries(summary.tokens).sort(([, a], [, b]) => b.output + b.input - (a.output + a.input));
  const rows = models.map(([model, t]) => {
    const read = t.input + t.cacheRead + t.cacheWrite;
    const hit = read > 0 ? `${Math.round((t.cacheRead / read) * 100)}%` : '–';
    const cells = [formatCount(t.input), formatCount(t.output), formatCount(t.cacheRead), formatCount(t.cacheWrite), hit, formatModelCost(model, t)];
    return `<tr><td class="mono">${escapeHtml(model)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const tokensTable = rows.length === 0
    ? '<p class="note">No model usage recorded.</p>'
    : `<table class="stats"><thead><tr><th>model</th><th>input</th><th>output</th><th>cache read</th><th>cache write</th><th>cache hits</th><th>cost</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const tools = Object.entries(summary.tools).sort(([an, a], [bn, b]) => b - a || an.localeCompare(bn));
  const toolList = tools.length === 0
    ? '<p class="note">No tool calls.</p>'
    : `<ul class="tools-list">${tools.map(([name, n]) => `<li><span class="mono">${escapeHtml(name)}</span> <b>${formatCount(n)}</b></li>`).join('')}</ul>`;
  const files = summary.filesChanged
    .map((f) => `<li class="mono"><a href="${sessionHref(links, '/files', { path: f })}">${escapeHtml(relativeToRoot(f, summary.cwd))}</a></li>`)
    .join('');
  const fileList = summary.filesChanged.length === 0
    ? '<p class="note">No files changed.</p>'
    : summary.filesChanged.length <= OPEN_FILES
      ? `<ul class="files">${files}</ul>`
      : `<details><summary>${formatCount(summary.filesChanged.length)} files</summary><ul class="files">${files}</ul></details>`;
  return `<section class="stats" id="stats">
<h2>Stats</h2>
<h3>Tokens per model</h3>${tokensTable}
<h3>Tools</h3>${toolList}
<h3>Files changed</h3>${fileList}${summary.filesChanged.length > 0 ? `<p><a href="${sessionHref(links, '/files')}">Every change, as diffs</a></p>` : ''}
</section>`;
}
