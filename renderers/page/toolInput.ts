/**
 * How a tool call's input reads on the session page: a one-line headline (the command, the file, the
 * pattern) and a body (a Bash command, an Edit as removed and added lines, a todo list, or the input as
 * JSON). Tool names and input fields are Claude Code's (Bash `command`, Edit `old_string`/`new_string`, …).
 */
import type { JsonObject } from '../../stores/eventStore.js';
import type { ToolCallItem } from '../../projections/sessionTimeline.js';
import { highlightCode } from '../markdown.js';
import { escapeHtml } from './html.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAgentCall = (call: ToolCallItem): boolean => call.name === 'Task' || call.name === 'Agent';

/** Input JSON shorter than this is shown openly; longer goes in a collapsed `<details>`. */
const OPEN_JSON_CHARS = 600;

/** Input fields that say what a call does, in order of preference; the first one present is the headline. */
const HEADLINE_KEYS = ['file_path', 'notebook_path', 'command', 'pattern', 'query', 'url', 'path', 'description', 'prompt'];

/** Which input field heads a call, if any. */
function headlineKey(call: ToolCallItem): string | undefined {
  return HEADLINE_KEYS.find((k) => str(call.input[k]) !== undefined);
}

/** The line that says what a call does, shown beside the tool's name (plain text, not escaped). */
export function toolHeadline(call: ToolCallItem): string {
  const i = call.input;
  const isAgent = isAgentCall(call);
  const key = headlineKey(call);
  const first = isAgent && str(i.description) ? `${str(i.subagent_type) ?? 'agent'}: ${str(i.description)}` : key !== undefined ? str(i[key]) : undefined;
  if (first === undefined) return '';
  const lines = first.split('\n');
  const line = lines[0]!;
  return line.length > 200 ? `${line.slice(0, 200)}…` : lines.length > 1 ? `${line} …` : line;
}

/** The input's body as HTML: tool-specific where it helps, JSON otherwise; a note when it was cut. */
export function renderToolInput(call: ToolCallItem): string {
  const description = str(call.input.description);
  const said = description !== undefined && headlineKey(call) !== 'description' && !isAgentCall(call) ? `<div class="note">${escapeHtml(description)}</div>` : '';
  const note = call.inputTruncated ? '<div class="truncated">input shortened (long values cut)</div>' : '';
  return said + specific(call) + note;
}


function specific(call: ToolCallItem): string {
  const i = call.input;
  if (call.name === 'Bash' && str(i.command)) {
    const command = i.command as string;
    // A one-line command is the headline already.
    const body = command.includes('\n') || command.length > 200 ? `<pre class="in"><code class="hljs">${highlightCode(command, 'bash')}</code></pre>` : '';
    return body + json(i, ['command', 'description']);
  }
  if (call.name === 'Edit' && typeof i.old_string === 'string' && typeof i.new_string === 'string') {
    return diff([{ old: i.old_string, new: i.new_string }]);
  }
  if (call.name === 'MultiEdit' && Array.isArray(i.edits)) {
    const edits = i.edits.filter(isObject).map((e) => ({ old: text(e.old_string), new: text(e.new_string) }));
    return diff(edits);
  }
  if (call.name === 'Write' && typeof i.content === 'string') {
    const ext = /\.([a-z0-9]+)$/i.exec(str(i.file_path) ?? '')?.[1];
    const lines = i.content.split('\n').length;
    return `<details><summary>content (${lines} lines)</summary><pre class="in"><code class="hljs">${highlightCode(i.content, ext ?? 'plaintext')}</code></pre></details>`;
  }
  if (call.name === 'TodoWrite' && Array.isArray(i.todos)) {
    const items = i.todos.filter(isObject).map((t) => {
      const mark = t.status === 'completed' ? '☑' : t.status === 'in_progress' ? '◐' : '☐';
      return `<li>${mark} ${escapeHtml(text(t.content))}</li>`;
    });
    return `<ul class="todos">${items.join('')}</ul>`;
  }
  if (isAgentCall(call)) {
    // A linked run shows the prompt it was given.
    const prompt = typeof i.prompt === 'string' && call.subagentId === null ? `<details><summary>prompt</summary><pre class="in">${escapeHtml(i.prompt)}</pre></details>` : '';
    return prompt + json(i, ['prompt', 'description', 'subagent_type']);
  }
  const key = headlineKey(call);
  return json(i, ['description', ...(key !== undefined && !(i[key] as string).includes('\n') ? [key] : [])]);
}

function diff(edits: { old: string; new: string }[]): string {
  const body = edits
    .map((e) => {
      const del = e.old === '' ? [] : e.old.split('\n').map((l) => `<span class="del">- ${escapeHtml(l)}</span>`);
      const add = e.new === '' ? [] : e.new.split('\n').map((l) => `<span class="add">+ ${escapeHtml(l)}</span>`);
      return [...del, ...add].join('');
    })
    .join('<span>⋯</span>');
  return `<pre class="in diff">${body}</pre>`;
}

/** The input as JSON without the fields shown elsewhere; nothing when none is left. */
function json(input: JsonObject, shown: readonly string[]): string {
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !shown.includes(k)));
  const entries = Object.entries(rest);
  if (entries.length === 0) return '';
  const simple = (v: unknown) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 300 && !v.includes('\n'));
  if (entries.every(([, v]) => simple(v))) {
    return `<div class="args mono">${entries.map(([k, v]) => `<div><span class="k">${escapeHtml(k)}</span> ${escapeHtml(String(v as string | number | boolean))}</div>`).join('')}</div>`;
  }
  const text = JSON.stringify(rest, null, 2);
  const pre = `<pre class="in"><code class="hljs">${highlightCode(text, 'json')}</code></pre>`;
  return text.length < OPEN_JSON_CHARS ? pre : `<details><summary>input</summary>${pre}</details>`;
}
