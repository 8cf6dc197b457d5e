/**
 * The conversation part of the session page: prompts, assistant text (markdown), tool calls with their
 * input and (collapsed) output, and subagent runs nested under the Task/Agent call that started them.
 * Every string from the timeline is escaped or goes through the safe markdown renderer.
 */
import type { SessionTimeline, SubagentRun, TimelineItem, ToolCallItem } from '../../projections/sessionTimeline.js';
import { renderMarkdown } from '../markdown.js';
import { escapeHtml, formatCount, timeTag } from './html.js';
import { renderToolInput, toolHeadline } from './toolInput.js';

/** Error outputs up to this many lines are shown open. */
const OPEN_ERROR_LINES = 20;

/** Renders a timeline's threads; remembers which runs it has shown so none is shown twice. */
class ConversationRenderer {
  private readonly shown = new Set<string>();

  constructor(private readonly timeline: SessionTimeline) {}

  main(): string {
    const html = this.items(this.timeline.items);
    const others = Object.values(this.timeline.subagents).filter((r) => !this.shown.has(r.agentId));
    if (others.length === 0) return html;
    const runs = others.map((r) => this.run(r, false)).join('\n');
    return `${html}\n<h2>Other agent runs</h2>\n<p class="note">Runs no Task/Agent call in this timeline started (compaction, warmup, or a call not recorded).</p>\n${runs}`;
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
        const who = synthetic ? 'Claude Code' : `Claude${item.model !== null ? ` <span class="mono">${escapeHtml(item.model)}</span>` : ''}`;
        return `<section class="item assistant${synthetic ? ' synthetic' : ''}"><div class="who">${who} ${timeTag(item.at)}</div><div class="md">${renderMarkdown(item.text)}</div>${truncated(item.truncated)}</section>`;
      }
      case 'tool':
        return this.tool(item);
      case 'notice':
        return `<div class="item notice">${escapeHtml(item.text)} ${timeTag(item.at)}</div>`;
    }
  }

  private tool(call: ToolCallItem): string {
    const error = call.result?.isError === true;
    const status = call.result === null ? '<span class="badge">no result</span>' : error ? '<span class="badge error">error</span>' : '';
    const head = `<div class="head"><span class="name mono">${escapeHtml(call.name)}</span><span class="arg mono">${escapeHtml(toolHeadline(call))}</span>${status}${timeTag(call.at)}</div>`;
    const run = call.subagentId !== null ? this.timeline.subagents[call.subagentId] : undefined;
    const nested = run && !this.shown.has(run.agentId) ? this.run(run, true) : '';
    return `<section class="item tool${error ? ' error' : ''}" id="tool-${escapeHtml(call.id)}" data-tool-id="${escapeHtml(call.id)}" data-tool-name="${escapeHtml(call.name)}">${head}${renderToolInput(call)}${nested}${output(call)}</section>`;
  }

  private run(run: SubagentRun, open: boolean): string {
    this.shown.add(run.agentId);
    const calls = run.items.filter((i) => i.kind === 'tool').length;
    const label = [`Subagent ${run.agentId.startsWith('sidechain-') ? '' : run.agentId}`.trim(), run.model, `${formatCount(calls)} tool ${calls === 1 ? 'call' : 'calls'}`];
    const prompt = run.prompt !== null ? `<div class="run-prompt">${escapeHtml(run.prompt)}</div>${truncated(run.promptTruncated)}` : '';
    return `<details class="subagent" data-agent-id="${escapeHtml(run.agentId)}"${open ? ' open' : ''}><summary>${escapeHtml(label.filter((l) => l !== null).join(' · '))}</summary>${prompt}${this.items(run.items)}</details>`;
  }
}

function output(call: ToolCallItem): string {
  const r = call.result;
  if (r === null) return '';
  if (r.text === '') return '<div class="note">(no output)</div>';
  const lines = r.text.split('\n').length;
  const cut = r.truncated ? `<div class="truncated">output cut at ${formatCount(r.text.length)} of ${formatCount(r.fullLength)} characters</div>` : '';
  // A short error reads best open; other output stays folded away.
  const open = r.isError && lines <= OPEN_ERROR_LINES ? ' open' : '';
  return `<details class="output"${open}><summary>${r.isError ? 'error' : 'output'} (${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'})</summary><pre class="out">${escapeHtml(r.text)}</pre>${cut}</details>`;
}

function truncated(flag: boolean): string {
  return flag ? '<div class="truncated">shortened: the full text is in the session\'s stream</div>' : '';
}

/** The conversation as HTML: the main thread, then runs no call in it started. */
export function renderConversation(timeline: SessionTimeline): string {
  return new ConversationRenderer(timeline).main();
}
