/**
 * The session timeline's shape: the conversation of one session in stream order, kept in a read model
 * (JSON-serialisable, every text bounded). See sessionTimeline.ts for the fold that builds it.
 */
import type { JsonObject } from '../stores/eventStore.js';
import type { TokenCounts } from './tokenCounts.js';

/** What a person typed (main thread), or a later instruction inside a subagent's thread. */
export interface PromptItem {
  kind: 'prompt';
  /** The line's ISO time, when it had one. */
  at: string | null;
  text: string;
  truncated: boolean;
}

/** The text of one model response (`message.id`): its consecutive text blocks, joined by a blank line. */
export interface AssistantTextItem {
  kind: 'text';
  at: string | null;
  messageId: string;
  /** `message.model`; `<synthetic>` for messages Claude Code made up (API errors, interruptions). */
  model: string | null;
  text: string;
  truncated: boolean;
}

/** A tool's output, from the tool_result block that answered the call. */
export interface ToolResult {
  at: string | null;
  /** The output as text (image blocks read `[image]`), cut to MAX_OUTPUT_CHARS. */
  text: string;
  truncated: boolean;
  /** Length of the output before the cut, in characters. */
  fullLength: number;
  isError: boolean;
}

/** A tool_use block; `result` arrives with the tool_result, `subagentId` once its subagent is known. */
export interface ToolCallItem {
  kind: 'tool';
  at: string | null;
  /** The tool_use id (`toolu_…`). */
  id: string;
  name: string;
  /** The input, its JSON at most MAX_INPUT_CHARS characters (long strings cut when over). */
  input: JsonObject;
  inputTruncated: boolean;
  result: ToolResult | null;
  /** Key of the subagent run this Task/Agent call started (in `SessionTimeline.subagents`), or null. */
  subagentId: string | null;
}

/** Something that happened to the conversation itself. */
export interface NoticeItem {
  kind: 'notice';
  at: string | null;
  notice: 'compaction' | 'interrupted';
  text: string;
}

export type TimelineItem = PromptItem | AssistantTextItem | ToolCallItem | NoticeItem;

/** A subagent's thread: a 2.x `subagents/agent-<id>.jsonl` file, or a chain of 1.0.x inline sidechain lines. */
export interface SubagentRun {
  /** The agent id (2.x), or `sidechain-<uuid of its first line>` (1.0.x lines carry none). */
  agentId: string;
  /** The Task/Agent call that started it; null for runs no call started (compaction, warmup) or not yet linked. */
  toolUseId: string | null;
  /** The prompt it was given (its first typed user line). */
  prompt: string | null;
  promptTruncated: boolean;
  /** The first model that answered in it. */
  model: string | null;
  startedAt: string | null;
  /** The latest line time in the run (absent in states stored before turns were kept). */
  lastAt?: string | null;
  /** model → tokens of the run's messages, each `message.id` once with its last usage (absent in older states). */
  tokens?: Record<string, TokenCounts>;
  items: TimelineItem[];
}

/**
 * What happened in one turn of the main thread (projections/sessionTurns.ts numbers them: turn N starts at
 * the Nth prompt a person typed; turn 0 is what came before the first). Subagent runs keep their own.
 */
export interface TurnActivity {
  /** Earliest and latest line time of the turn's main-thread lines (ISO), null before any timed line. */
  firstAt: string | null;
  lastAt: string | null;
  /** model → tokens of the turn's main-thread messages, each `message.id` once with its last usage. */
  tokens: Record<string, TokenCounts>;
}

/** Where a message's usage was counted, and what was counted (replaced by a later line of the same message). */
export interface CountedUsage extends TokenCounts {
  model: string;
  /** The subagent key, or null for the main thread. */
  agent: string | null;
  /** The main-thread turn it was counted in (main thread only; 0 for runs). */
  turn: number;
}

/** Where an item sits: a thread (null for the main thread, else a subagent key) and its index there. */
export interface ItemLocation {
  agent: string | null;
  index: number;
}

/** What the fold remembers to pair, merge and link across events; not for display. */
export interface TimelineIndex {
  /** tool_use id → its call item. */
  tools: Record<string, ItemLocation>;
  /** message.id → the text item its last text block went into. */
  texts: Record<string, ItemLocation>;
  /** tool_use id → a result that came before its call (out-of-order lines, subagent files first). */
  pendingResults: Record<string, ToolResult>;
  /** Task/Agent call id → the key of its prompt (sessionTimelineLines.promptKey). */
  subagentCalls: Record<string, string>;
  /** subagent key → the key of its prompt. */
  runPrompts: Record<string, string>;
  /** tool_use id → agent id, and back, as Claude Code stated them (toolUseResult.agentId, agent_progress). */
  agentOfTool: Record<string, string>;
  toolOfAgent: Record<string, string>;
  /** uuid of each inline sidechain line (1.0.x) → its subagent key. */
  sidechainLines: Record<string, string>;
  /** message.id → the usage counted for it (absent in older states). */
  usage?: Record<string, CountedUsage>;
}

/** The conversation of one session, in stream order. */
export interface SessionTimeline {
  sessionId: string;
  /** Revision of the last stream event folded in; -1 before any. */
  revision: number;
  /** The main thread. */
  items: TimelineItem[];
  /** subagent key → its run; a run is shown under the call whose `subagentId` names it. */
  subagents: Record<string, SubagentRun>;
  /** Activity per turn of the main thread, index = turn number (absent in states stored before turns were kept). */
  turns?: TurnActivity[];
  index: TimelineIndex;
}
