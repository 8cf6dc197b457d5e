/**
 * What a transcript line says, in the terms of the session timeline: assistant text, tool results, the
 * links Claude Code writes between a Task/Agent call and its subagent, and the caps that keep the timeline
 * bounded. Pure functions over one line; prompts and tool calls come from transcriptFacts.ts.
 */
import type { JsonObject } from '../stores/eventStore.js';
import { boundDepth } from './boundedJson.js';
import { promptText } from './transcriptFacts.js';

/** Longest prompt or assistant text kept, in characters (UTF-16 code units). */
export const MAX_TEXT_CHARS = 50_000;
/** Longest tool output kept, in characters. */
export const MAX_OUTPUT_CHARS = 20_000;
/** Largest tool input kept, in characters of its JSON. */
export const MAX_INPUT_CHARS = 10_000;
/** How much of a subagent prompt identifies it when a run is matched to its call by prompt. */
const PROMPT_KEY_CHARS = 500;

/** A text cut to a bound: `fullLength` is the length before the cut, `truncated` whether it was cut. */
export interface CappedText {
  text: string;
  truncated: boolean;
  fullLength: number;
}

export interface ToolResultBlock {
  toolUseId: string;
  text: string;
  isError: boolean;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function content(line: JsonObject): unknown {
  return isObject(line.message) ? line.message.content : undefined;
}

/** `text` cut to at most `max` characters, never splitting a surrogate pair. */
export function capText(text: string, max: number): CappedText {
  if (text.length <= max) return { text, truncated: false, fullLength: text.length };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true, fullLength: text.length };
}

/**
 * A tool input whose JSON fits `max` characters: as it came if it fits, else with its long strings cut
 * (each ending `… [N characters cut]`), else `{ kapTruncated: <the JSON's first max characters> }`. Nesting
 * deeper than MAX_JSON_DEPTH is cut first (boundedJson.ts), so no input overflows the stack.
 */
export function capInput(whole: JsonObject, max = MAX_INPUT_CHARS): { input: JsonObject; truncated: boolean } {
  const input = boundDepth(whole) as JsonObject;
  const json = JSON.stringify(input);
  if (json.length <= max) return { input, truncated: input !== whole };
  for (let keep = Math.floor(max / 2); keep >= 64; keep = Math.floor(keep / 2)) {
    const cut = cutStrings(input, keep) as JsonObject;
    if (JSON.stringify(cut).length <= max) return { input: cut, truncated: true };
  }
  return { input: { kapTruncated: capText(json, max).text }, truncated: true };
}

function cutStrings(value: unknown, keep: number): unknown {
  if (typeof value === 'string') {
    return value.length > keep ? `${capText(value, keep).text}… [${value.length - keep} characters cut]` : value;
  }
  if (Array.isArray(value)) return value.map((v) => cutStrings(v, keep));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutStrings(v, keep)]));
  return value;
}

/** The text blocks of an assistant line (content as a string or as blocks), without empty ones. */
export function assistantTexts(line: JsonObject): string[] {
  if (line.type !== 'assistant') return [];
  const c = content(line);
  if (typeof c === 'string') return c.trim() === '' ? [] : [c];
  if (!Array.isArray(c)) return [];
  return c
    .filter((b): b is JsonObject => isObject(b) && b.type === 'text' && typeof b.text === 'string' && b.text.trim() !== '')
    .map((b) => b.text as string);
}

/** `message.id` of an assistant line, or `fallback`. */
export function messageId(line: JsonObject, fallback: string): string {
  return isObject(line.message) && typeof line.message.id === 'string' ? line.message.id : fallback;
}

/** `message.model` of an assistant line, or null. */
export function messageModel(line: JsonObject): string | null {
  return isObject(line.message) && typeof line.message.model === 'string' ? line.message.model : null;
}

/** The tool_result blocks of a user line, their content (string or blocks) read as text. */
export function toolResults(line: JsonObject): ToolResultBlock[] {
  if (line.type !== 'user') return [];
  const c = content(line);
  if (!Array.isArray(c)) return [];
  const out: ToolResultBlock[] = [];
  for (const b of c) {
    if (!isObject(b) || b.type !== 'tool_result' || typeof b.tool_use_id !== 'string') continue;
    out.push({ toolUseId: b.tool_use_id, text: resultText(b.content), isError: b.is_error === true });
  }
  return out;
}

function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value
    .map((b) => (isObject(b) && b.type === 'text' && typeof b.text === 'string' ? b.text : isObject(b) && b.type === 'image' ? '[image]' : ''))
    .filter((t) => t !== '')
    .join('\n');
}

/**
 * The subagent a line says a Task/Agent call started (Claude Code 2.x): a tool result whose
 * `toolUseResult.agentId` names it, or an `agent_progress` line (`data.agentId`, `parentToolUseID`).
 */
export function subagentLink(line: JsonObject): { toolUseId: string; agentId: string } | undefined {
  const result = line.toolUseResult;
  if (isObject(result) && typeof result.agentId === 'string') {
    const toolUseId = toolResults(line)[0]?.toolUseId;
    if (toolUseId !== undefined) return { toolUseId, agentId: result.agentId };
  }
  const data = line.data;
  if (line.type === 'progress' && isObject(data) && data.type === 'agent_progress' && typeof data.agentId === 'string' && typeof line.parentToolUseID === 'string') {
    return { toolUseId: line.parentToolUseID, agentId: data.agentId };
  }
  return undefined;
}

/** The agent id in a subagent file key `subagents/agent-<id>.jsonl` (collector/transcriptFiles.ts). */
export function agentIdOfFile(file: string): string | undefined {
  return /^subagents\/agent-(.+)\.jsonl$/.exec(file)?.[1];
}

/** What a person or the parent agent typed in a subagent's thread (the prompt rules, sidechain or not). */
export function threadPromptText(line: JsonObject): string | undefined {
  return line.isSidechain === true ? promptText({ ...line, isSidechain: false }) : promptText(line);
}

/** A user line Claude Code writes when the person interrupts (`[Request interrupted by user…]`). */
export function interruption(line: JsonObject): string | undefined {
  if (line.type !== 'user') return undefined;
  const c = content(line);
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((b) => (isObject(b) && typeof b.text === 'string' ? b.text : '')).join('') : '';
  const match = /^\s*\[(Request interrupted[^\]]*)\]/.exec(text);
  return match?.[1];
}

/** A `system` line marking a compaction (`subtype: compact_boundary`, 2.x). */
export function isCompactBoundary(line: JsonObject): boolean {
  return line.type === 'system' && line.subtype === 'compact_boundary';
}

/** What identifies a subagent prompt when matching a run to its call: its length and its first characters. */
export function promptKey(prompt: string): string {
  return `${prompt.length}:${prompt.slice(0, PROMPT_KEY_CHARS)}`;
}
