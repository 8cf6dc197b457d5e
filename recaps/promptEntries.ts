/**
 * Timeline items as lines of the recap prompt, each rendered two ways: `full` (the item with its output, each
 * text bounded so no single item can eat the budget) and `brief` (one line of at most BRIEF_CHARS). The
 * budget logic (recapPrompt.ts `fitEntries`) keeps the newest items full and shortens or drops older ones.
 */
import type { SessionTimeline, TimelineItem, ToolCallItem } from '../projections/sessionTimelineTypes.js';
import { SUBAGENT_TOOLS } from '../projections/transcriptFacts.js';
import { clip } from './recap.js';
import { errorHeadline, head, relativeTo, tail } from './sessionFacts.js';

/** One timeline item for the prompt. */
export interface PromptEntry {
  full: string;
  brief: string;
}

/** Longest brief line, in characters. */
export const BRIEF_CHARS = 160;
/** Bounds of a full entry's parts, in characters. */
export const FULL_PROMPT_CHARS = 3_000;
export const FULL_TEXT_CHARS = 2_500;
export const FULL_BASH_OUTPUT_CHARS = 1_200;
export const FULL_SUBAGENT_RESULT_CHARS = 1_500;
export const FULL_OTHER_OUTPUT_CHARS = 300;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const indent = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');

/** The main thread's items as prompt entries, numbered `#1…` in order; paths relative to `cwd`. */
export function promptEntries(timeline: SessionTimeline, cwd: string | null): PromptEntry[] {
  return timeline.items.map((item, i) => entryOf(item, i + 1, timeline, cwd));
}

function entryOf(item: TimelineItem, n: number, timeline: SessionTimeline, cwd: string | null): PromptEntry {
  switch (item.kind) {
    case 'prompt':
      return { full: `#${n} prompt: ${head(item.text, FULL_PROMPT_CHARS)}`, brief: clip(`#${n} prompt: ${item.text}`, BRIEF_CHARS) };
    case 'text':
      return { full: `#${n} assistant: ${head(item.text, FULL_TEXT_CHARS)}`, brief: clip(`#${n} assistant: ${item.text}`, BRIEF_CHARS) };
    case 'notice': {
      const line = clip(`#${n} notice (${item.notice}): ${item.text}`, BRIEF_CHARS);
      return { full: line, brief: line };
    }
    case 'tool':
      return toolEntry(item, n, timeline, cwd);
  }
}

function toolEntry(call: ToolCallItem, n: number, timeline: SessionTimeline, cwd: string | null): PromptEntry {
  const label = toolLabel(call, cwd);
  const result = call.result;
  const status = result === null ? 'no result yet' : result.isError ? 'error' : 'ok';
  const briefStatus = result?.isError ? `error: ${errorHeadline(result.text)}` : status;
  const brief = clip(`#${n} ${label} → ${briefStatus}`, BRIEF_CHARS);
  let body = '';
  if (result !== null && result.text.trim() !== '') {
    if (SUBAGENT_TOOLS.has(call.name)) body = head(result.text, FULL_SUBAGENT_RESULT_CHARS);
    else if (call.name === 'Bash') body = tail(result.text, 30, FULL_BASH_OUTPUT_CHARS);
    else if (result.isError) body = head(result.text, FULL_OTHER_OUTPUT_CHARS);
  }
  // Own properties only: an agent id is data (`constructor` is one like any other).
  const run = call.subagentId !== null && Object.hasOwn(timeline.subagents, call.subagentId) ? timeline.subagents[call.subagentId] : undefined;
  const calls = run ? run.items.filter((i) => i.kind === 'tool').length : 0;
  const runLine = run ? `\n    (subagent: ${calls} tool ${calls === 1 ? 'call' : 'calls'})` : '';
  return { full: `#${n} ${clip(label, 400)} → ${status}${runLine}${body === '' ? '' : `\n${indent(body)}`}`, brief };
}

/** What a tool call did, in a few words: the command, file, pattern, subagent task or todo change. */
export function toolLabel(call: ToolCallItem, cwd: string | null): string {
  const i = call.input;
  const path = str(i.file_path) ?? str(i.notebook_path) ?? str(i.path);
  switch (call.name) {
    case 'Bash':
      return `Bash \`${(str(i.command) ?? '').trim()}\``;
    case 'TodoWrite':
      return `TodoWrite (${Array.isArray(i.todos) ? i.todos.length : 0} todos)`;
    case 'TaskCreate':
      return `TaskCreate "${str(i.subject) ?? ''}"`;
    case 'TaskUpdate':
      return `TaskUpdate #${str(i.taskId) ?? '?'}${str(i.status) ? ` → ${String(i.status)}` : ''}`;
    case 'Grep':
    case 'Glob':
      return `${call.name} ${str(i.pattern) ?? ''}${path ? ` in ${relativeTo(cwd, path)}` : ''}`;
    case 'WebSearch':
      return `WebSearch "${str(i.query) ?? ''}"`;
    case 'WebFetch':
      return `WebFetch ${str(i.url) ?? ''}`;
  }
  if (SUBAGENT_TOOLS.has(call.name)) return `${call.name} "${str(i.description) ?? ''}"${str(i.subagent_type) ? ` (${String(i.subagent_type)})` : ''}`;
  if (path) return `${call.name} ${relativeTo(cwd, path)}`;
  return `${call.name} ${clip(JSON.stringify(i), 200)}`;
}
