/**
 * The session timeline: a pure fold over a session stream into the conversation in order, which the
 * session page renders (renderers/sessionPage.ts). Prompts, tool calls and their counts follow the session
 * summary's rules (transcriptFacts.ts), so the page and the summary agree: prompts are what a person typed
 * in the main thread; tool calls are tool_use blocks once per id, subagents' included.
 *
 * - The lines of one model response (same `message.id`, one content block each) merge into one text item.
 * - A tool_result pairs with its call whichever comes first; its output is cut to MAX_OUTPUT_CHARS.
 * - Subagent runs (2.x `subagents/agent-<id>.jsonl` files, 1.0.x inline `isSidechain` lines) are threads of
 *   their own, linked to the Task/Agent call that started them by `toolUseResult.agentId`, `agent_progress`
 *   lines, or else by their prompt.
 * - Turns (sessionTurns.ts): each prompt a person typed in the main thread starts one; `turns[n]` keeps turn
 *   n's first and last line time and its main-thread token usage, runs keep theirs (`SubagentRun.tokens`),
 *   each assistant `message.id` counted once with its last usage, as the summary counts it.
 * - Thinking blocks, hook events, status lines and line types it does not know are skipped.
 */
import type { JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import { TimelineDraft } from './sessionTimelineDraft.js';
import {
  agentIdOfFile,
  assistantTexts,
  capInput,
  capText,
  interruption,
  isCompactBoundary,
  MAX_OUTPUT_CHARS,
  MAX_TEXT_CHARS,
  messageId,
  messageModel,
  promptKey,
  subagentLink,
  threadPromptText,
  toolResults,
} from './sessionTimelineLines.js';
import type { SessionTimeline, ToolResult } from './sessionTimelineTypes.js';
import { boundText } from './boundedText.js';
import { assistantUsage, lineTimestamp, promptText, SUBAGENT_TOOLS, SYNTHETIC_MODEL, toolUses } from './transcriptFacts.js';

/** Longest model name kept, in characters (as the summary's MAX_NAME_CHARS). */
const MAX_MODEL_CHARS = 200;

export type * from './sessionTimelineTypes.js';
export { MAX_INPUT_CHARS, MAX_OUTPUT_CHARS, MAX_TEXT_CHARS } from './sessionTimelineLines.js';

/** The timeline of a session before any event. */
export function initialTimeline(sessionId: string): SessionTimeline {
  return {
    sessionId,
    revision: -1,
    items: [],
    subagents: {},
    turns: [],
    index: { tools: {}, texts: {}, pendingResults: {}, subagentCalls: {}, runPrompts: {}, agentOfTool: {}, toolOfAgent: {}, sidechainLines: {}, usage: {} },
  };
}

/**
 * Folds a session stream's events, in stream order, into the timeline and returns a new timeline; the input
 * is not mutated. An event at or below the state's revision was already folded and is skipped, so
 * at-least-once delivery (a replay, a redelivered batch) changes nothing. Never throws on line content.
 */
export function foldTimelineEvents(state: SessionTimeline, events: Iterable<RecordedEvent>): SessionTimeline {
  const draft = new TimelineDraft(state);
  for (const event of events) {
    const revision = Number(event.revision);
    if (revision <= draft.revision) continue;
    draft.revision = revision;
    if (event.type === TRANSCRIPT_LINE) foldLine(draft, event);
  }
  return draft.finish();
}

/** The subagent thread a line belongs to, or null for the main thread. */
function threadOf(draft: TimelineDraft, line: JsonObject, file: string, eventId: string): string | null {
  if (file !== 'main') return agentIdOfFile(file) ?? (typeof line.agentId === 'string' ? line.agentId : file);
  if (line.isSidechain !== true) return null;
  // 1.0.x: inline sidechain lines chain by parentUuid from a root that starts the run.
  const lines = draft.index.sidechainLines;
  const parent = typeof line.parentUuid === 'string' ? lines.get(line.parentUuid) : undefined;
  const uuid = typeof line.uuid === 'string' ? line.uuid : eventId;
  const agent = parent ?? (typeof line.agentId === 'string' ? line.agentId : `sidechain-${uuid}`);
  lines.set(uuid, agent);
  return agent;
}

function foldLine(draft: TimelineDraft, event: RecordedEvent): void {
  const line = event.data;
  const file = typeof event.metadata.file === 'string' ? event.metadata.file : 'main';
  const at = lineTimestamp(line) ?? null;
  const agent = threadOf(draft, line, file, event.id);
  if (agent !== null) {
    const run = draft.ensureRun(agent, at);
    const model = messageModel(line);
    if (line.type === 'assistant' && run.model === null && model !== null && model !== SYNTHETIC_MODEL) run.model = model;
  }

  const link = subagentLink(line);
  if (link) draft.statedLink(link.toolUseId, link.agentId);

  foldPrompt(draft, line, agent, at);
  draft.touch(agent, at);
  const usage = assistantUsage(line, event.id);
  if (usage) draft.countUsage(agent, usage, boundText(usage.model, MAX_MODEL_CHARS));
  foldText(draft, line, agent, at, event.id);
  foldToolCalls(draft, line, agent, at);
  for (const result of toolResults(line)) {
    const capped = capText(result.text, MAX_OUTPUT_CHARS);
    const value: ToolResult = { at, ...capped, isError: result.isError };
    const call = draft.toolCall(result.toolUseId);
    if (call) call.result = value;
    else draft.index.pendingResults.set(result.toolUseId, value);
  }

  if (isCompactBoundary(line)) {
    draft.push(agent, { kind: 'notice', at, notice: 'compaction', text: typeof line.content === 'string' ? line.content : 'Conversation compacted' });
  }
  const interrupted = interruption(line);
  if (interrupted !== undefined) draft.push(agent, { kind: 'notice', at, notice: 'interrupted', text: interrupted });
}

function foldPrompt(draft: TimelineDraft, line: JsonObject, agent: string | null, at: string | null): void {
  if (agent === null) {
    const text = promptText(line);
    if (text === undefined) return;
    const capped = capText(text, MAX_TEXT_CHARS);
    // The turn rule (sessionTurns.ts): each prompt a person typed in the main thread starts the next turn.
    draft.startTurn();
    draft.push(null, { kind: 'prompt', at, text: capped.text, truncated: capped.truncated });
    return;
  }
  const text = threadPromptText(line);
  if (text === undefined) return;
  const capped = capText(text, MAX_TEXT_CHARS);
  const run = draft.ensureRun(agent, at);
  if (run.prompt !== null) {
    draft.push(agent, { kind: 'prompt', at, text: capped.text, truncated: capped.truncated });
    return;
  }
  run.prompt = capped.text;
  run.promptTruncated = capped.truncated;
  draft.index.runPrompts.set(agent, promptKey(text));
  draft.linkByPrompt({ agent });
}

function foldText(draft: TimelineDraft, line: JsonObject, agent: string | null, at: string | null, eventId: string): void {
  const texts = assistantTexts(line);
  if (texts.length === 0) return;
  const id = messageId(line, eventId);
  const joined = texts.join('\n\n');
  const known = draft.index.texts.get(id);
  // Merge into the message's text item only while it is the thread's last item, so text written after
  // one of the message's tool calls stays after that call.
  if (known && known.agent === agent && known.index === draft.threadItems(agent).length - 1) {
    const item = draft.item(known);
    if (item?.kind === 'text') {
      const capped = capText(`${item.text}\n\n${joined}`, MAX_TEXT_CHARS);
      item.text = capped.text;
      item.truncated = item.truncated || capped.truncated;
      return;
    }
  }
  const capped = capText(joined, MAX_TEXT_CHARS);
  draft.index.texts.set(id, draft.push(agent, { kind: 'text', at, messageId: id, model: messageModel(line), text: capped.text, truncated: capped.truncated }));
}

function foldToolCalls(draft: TimelineDraft, line: JsonObject, agent: string | null, at: string | null): void {
  const index = draft.index;
  for (const tool of toolUses(line)) {
    if (index.tools.has(tool.id)) continue;
    const { input, truncated } = capInput(tool.input);
    const result = index.pendingResults.get(tool.id) ?? null;
    index.pendingResults.delete(tool.id);
    index.tools.set(tool.id, draft.push(agent, { kind: 'tool', at, id: tool.id, name: tool.name, input, inputTruncated: truncated, result, subagentId: null }));
    if (!SUBAGENT_TOOLS.has(tool.name)) continue;
    index.subagentCalls.set(tool.id, promptKey(typeof tool.input.prompt === 'string' ? tool.input.prompt : ''));
    const stated = index.agentOfTool.get(tool.id);
    if (stated !== undefined) draft.statedLink(tool.id, stated);
    else draft.linkByPrompt({ toolUseId: tool.id });
  }
}
