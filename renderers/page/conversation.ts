/**
 * The conversation part of the session page, turn by turn (projections/sessionTurns.ts numbers them): each
 * turn a `<section id="turn-N">` with its head (time, duration, tokens, cost), then its items: prompts,
 * assistant text (markdown), tool calls collapsed to one line (name, headline, status; input and output
 * inside `<details>`), subagent runs folded under the Task/Agent call that started them. Failed calls,
 * retries, API errors (`<synthetic>` messages) and interruptions are marked. Every string from the timeline
 * is escaped or goes through the safe markdown renderer.
 */
import type { SessionTimeline, SubagentRun, TimelineItem, ToolCallItem } from '../../projections/sessionTimeline.js';
import { toolAnchor, turnAnchor } from '../../projections/sessionTurns.js';
import type { TurnStats } from '../../projections/sessionTurnStats.js';
import { renderMarkdown } from '../markdown.js';
import { escapeHtml, formatCount, timeTag } from './html.js';
import { retriesOf } from './retries.js';
import { sessionHref } from './sessionLinks.js';
import type { SessionLinks } from './sessionLinks.js';
import { renderToolInput, toolHeadline } from './toolInput.js';
import { renderTurnHead } from './turnHead.js';

/** Error outputs up to this many lines are shown open (inside the collapsed call). */
const OPEN_ERROR_LINES = 20;
/** Longest tool output put on the page, in characters; the rest is one link away (`/s/<id>/tools/<id>`). */
export const SHOWN_OUTPUT_CHARS = 4_000;

const API_ERROR = /^\s*API Error\b/;

/** Renders a timeline's turns; remembers which runs it has shown so none is shown twice. */
export class ConversationRenderer {
  private readonly shown = new Set<string>();
  private readonly retries: Set<string>;

  constructor(
    private readonly timeline: SessionTimeline,
    private readonly links: SessionLinks,
  ) {
    this.retries = retriesOf(timeline);
  }

  /** One turn as its `<section>`. */
  turn(stats: TurnStats): string {
    const items = this.timeline.items.slice(stats.start, stats.end);
    const title = stats.prompt !== null ? stats.prompt.text.trim().split('\n')[0]!.slice(0, 200) : 'Before the first prompt';
    return `<section class="turn" id="${turnAnchor(stats.n)}" data-turn="${stats.n}" data-title="${escapeHtml(title)}" data-at="${escapeHtml(stats.firstAt ?? '')}">${renderTurnHead(stats)}\n${this.items(items)}\n</section>`;
  }

  /** Runs no call in the timeline started (compaction, warmup), after every turn was rendered. */
  otherRuns(): string {
    const others = Object.values(this.timeline.subagents).filter((r) => !this.shown.has(r.agentId));
    if (others.length === 0) return '';
    const runs = others.map((r) => this.run(r)).join('\n');
    return `<section id="other-runs"><h2>Other agent runs</h2>\n<p class="note">Runs no Task/Agent call in this timeline started (compaction, warmup, or a call not recorded).</p>\n${runs}</section>`;
  }

  private items(items: readonly TimelineItem[]): string {
    return items.map((item) => this.item(item)).join('\n');
  }

  private item(item: TimelineItem): string {
    switch (item.kind) {
      case 'prompt':
        return `<section class="item prompt"><div class="who">You ${timeTag(item.at)}</div><div class="text">${escapeHtml(item.text)}</div>${truncated(item.truncated)}</section>`;
      case 'text': {
        const synthetic = item.model === '<synthetic>';
        const apiError = synthetic && API_ERROR.test(item.text);
        const who = synthetic ? `Claude Code${apiError ? ' <span class="badge error">API error</span>' : ''}` : `Claude${item.model !== null ? ` <span class="mono">${escapeHtml(item.model)}</span>` : ''}`;
        return `<section class="item assistant${synthetic ? ' synthetic' : ''}${apiError ? ' api-error' : ''}"><div class="who">${who} ${timeTag(item.at)}</div><div class="md">${renderMarkdown(item.text)}</div>${truncated(item.truncated)}</section>`;
      }
      case 'tool':
        return this.tool(item);
      case 'notice':
        return `<div class="item notice ${item.notice}">${escapeHtml(item.text)} ${timeTag(item.at)}</div>`;
    }
  }

  private tool(call: ToolCallItem): string {
    const error = call.result?.isError === true;
    const retry = this.retries.has(call.id);
    const badges = [
      call.result === null ? '<span class="badge">no result</span>' : '',
      error ? '<span class="badge error">error</span>' : '',
      retry ? '<span class="badge retry">retry</span>' : '',
    ].join('');
    const summary = `<summary class="head"><span class="name mono">${escapeHtml(call.name)}</span><span class="arg mono">${escapeHtml(toolHeadline(call))}</span>${badges}${timeTag(call.at)}</summary>`;
    const run = call.subagentId !== null ? this.timeline.subagents[call.subagentId] : undefined;
    const nested = run && Object.hasOwn(this.timeline.subagents, call.subagentId!) && !this.shown.has(run.agentId) ? this.run(run) : '';
    const classes = `item tool${error ? ' error' : ''}${retry ? ' retry' : ''}`;
    return `<section class="${classes}" id="${escapeHtml(toolAnchor(call.id))}" data-tool-id="${escapeHtml(call.id)}" data-tool-name="${escapeHtml(call.name)}"><details class="call">${summary}${renderToolInput(call)}${this.output(call)}</details>${nested}</section>`;
  }

  private run(run: SubagentRun): string {
    this.shown.add(run.agentId);
    const calls = run.items.filter((i) => i.kind === 'tool').length;
    const label = [`Subagent ${run.agentId.startsWith('sidechain-') ? '' : run.agentId}`.trim(), run.model, `${formatCount(calls)} tool ${calls === 1 ? 'call' : 'calls'}`];
    const prompt = run.prompt !== null ? `<div class="run-prompt">${escapeHtml(run.prompt)}</div>${truncated(run.promptTruncated)}` : '';
    return `<details class="subagent" data-agent-id="${escapeHtml(run.agentId)}"><summary>${escapeHtml(label.filter((l) => l !== null).join(' · '))}</summary>${prompt}${this.items(run.items)}</details>`;
  }

  private output(call: ToolCallItem): string {
    const r = call.result;
    if (r === null) return '';
    if (r.text === '') return '<div class="note">(no output)</div>';
    const lines = countLines(r.text);
    const shown = r.text.length > SHOWN_OUTPUT_CHARS ? r.text.slice(0, SHOWN_OUTPUT_CHARS) : r.text;
    const more = shown.length < r.text.length
      ? `<div class="truncated">${formatCount(shown.length)} of ${formatCount(r.fullLength)} characters shown · <a href="${sessionHref(this.links, `/tools/${encodeURIComponent(call.id)}`)}">whole output</a></div>`
      : r.truncated ? `<div class="truncated">output cut at ${formatCount(r.text.length)} of ${formatCount(r.fullLength)} characters</div>` : '';
    // A short error reads best open; other output stays folded away.
    const open = r.isError && lines <= OPEN_ERROR_LINES ? ' open' : '';
    return `<details class="output"${open}><summary>${r.isError ? 'error' : 'output'} (${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'})</summary><pre class="out">${escapeHtml(shown)}</pre>${more}</details>`;
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function truncated(flag: boolean): string {
  return flag ? '<div class="truncated">shortened: the full text is in the session\'s stream</div>' : '';
}
