/**
 * What a transcript line says, in the terms of the session summary. Pure functions over one line;
 * the rules follow the summary contract (issue #2) and real data (../shared/corpus/README.md).
 */
import type { JsonObject } from '../stores/eventStore.js';

/** Tools whose `file_path` / `notebook_path` input is a file the session changed. */
export const FILE_CHANGING_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);
/** Tools that start a subagent (`Task` until 2.1.x, `Agent` after the rename). */
export const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);
/** `message.model` of messages Claude Code makes up itself (errors, interruptions): no model. */
export const SYNTHETIC_MODEL = '<synthetic>';

export interface ToolUse {
  id: string;
  name: string;
  input: JsonObject;
}

export interface AssistantUsage {
  messageId: string;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function content(line: JsonObject): unknown {
  const message = line.message;
  return isObject(message) ? message.content : undefined;
}

/** The usage of an assistant line, keyed by `message.id`; undefined for other lines and `<synthetic>`. */
export function assistantUsage(line: JsonObject, fallbackId: string): AssistantUsage | undefined {
  if (line.type !== 'assistant' || !isObject(line.message)) return undefined;
  const { model, usage, id } = line.message;
  if (typeof model !== 'string' || model === SYNTHETIC_MODEL || !isObject(usage)) return undefined;
  return {
    messageId: typeof id === 'string' ? id : fallbackId,
    model,
    input: num(usage.input_tokens),
    output: num(usage.output_tokens),
    cacheRead: num(usage.cache_read_input_tokens),
    cacheWrite: num(usage.cache_creation_input_tokens),
  };
}

/** The tool_use blocks of an assistant line. */
export function toolUses(line: JsonObject): ToolUse[] {
  if (line.type !== 'assistant') return [];
  const blocks = content(line);
  if (!Array.isArray(blocks)) return [];
  const out: ToolUse[] = [];
  for (const block of blocks) {
    if (isObject(block) && block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      out.push({ id: block.id, name: block.name, input: isObject(block.input) ? block.input : {} });
    }
  }
  return out;
}

/** The file a tool call changes, per the summary contract; undefined for other tools. */
export function changedFile(tool: ToolUse): string | undefined {
  if (!FILE_CHANGING_TOOLS.has(tool.name)) return undefined;
  const path = tool.input.file_path ?? tool.input.notebook_path;
  return typeof path === 'string' && path.length > 0 ? path : undefined;
}

/** tool_use ids whose tool_result in this user line is an error. */
export function failedToolResults(line: JsonObject): string[] {
  if (line.type !== 'user') return [];
  const blocks = content(line);
  if (!Array.isArray(blocks)) return [];
  return blocks
    .filter((b): b is JsonObject => isObject(b) && b.type === 'tool_result' && b.is_error === true && typeof b.tool_use_id === 'string')
    .map((b) => b.tool_use_id as string);
}

/** Text Claude Code writes into user lines that the person did not type (command output, interrupts). */
const NOT_TYPED = /^\s*(<local-command-|<bash-stdout>|<bash-stderr>|\[Request interrupted|Caveat: The messages below)/;
const SLASH_COMMAND = /<command-name>([^<]*)<\/command-name>/;
const COMMAND_ARGS = /<command-args>([\s\S]*?)<\/command-args>/;

/** A slash command line (`<command-name>/init</command-name>…`) reads as what was typed: `/init args`. */
function typedCommand(text: string): string | undefined {
  const name = SLASH_COMMAND.exec(text)?.[1]?.trim();
  if (!name) return undefined;
  const args = COMMAND_ARGS.exec(text)?.[1]?.trim();
  return args ? `${name} ${args}` : name;
}

/**
 * The prompt a person typed, if this line is one: a main-thread `user` line that is not meta, not a
 * compaction summary, holds text and no tool_result. Undefined otherwise.
 */
export function promptText(line: JsonObject): string | undefined {
  if (line.type !== 'user' || line.isSidechain === true || line.isMeta === true || line.isCompactSummary === true) return undefined;
  const c = content(line);
  let text: string | undefined;
  if (typeof c === 'string') text = c;
  else if (Array.isArray(c)) {
    if (c.some((b) => isObject(b) && b.type === 'tool_result')) return undefined;
    const texts = c.filter((b): b is JsonObject => isObject(b) && b.type === 'text' && typeof b.text === 'string').map((b) => b.text as string);
    if (texts.length > 0) text = texts.join('\n');
  }
  if (text === undefined || text.trim() === '' || NOT_TYPED.test(text)) return undefined;
  return typedCommand(text) ?? text;
}

/** A line's own time (ISO 8601), when it has one. */
export function lineTimestamp(line: JsonObject): string | undefined {
  return typeof line.timestamp === 'string' ? line.timestamp : undefined;
}
