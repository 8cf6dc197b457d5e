/**
 * A copy-on-write working copy of a session timeline for one fold call: collections and items are copied
 * the first time the fold changes them, so the input state is never mutated and an unchanged thread of a
 * long session is not copied at all. Records keyed by data (tool_use ids, message ids, agent ids) are Maps
 * here (ownRecords.ts) and plain records again in `finish()`. Also holds the rules that link a Task/Agent
 * call to its subagent run.
 */
import { mapOf, recordOf } from './ownRecords.js';
import { addTokens } from './tokenCounts.js';
import type { TokenCounts } from './tokenCounts.js';
import type { AssistantUsage } from './transcriptFacts.js';
import type { CountedUsage, ItemLocation, SessionTimeline, SubagentRun, TimelineIndex, TimelineItem, ToolCallItem, ToolResult, TurnActivity } from './sessionTimelineTypes.js';

/** The timeline index as Maps (field meanings: TimelineIndex). */
export interface DraftIndex {
  tools: Map<string, ItemLocation>;
  texts: Map<string, ItemLocation>;
  pendingResults: Map<string, ToolResult>;
  subagentCalls: Map<string, string>;
  runPrompts: Map<string, string>;
  agentOfTool: Map<string, string>;
  toolOfAgent: Map<string, string>;
  sidechainLines: Map<string, string>;
  usage: Map<string, CountedUsage>;
}

/** Empty turns for a state stored before turns were kept: one per prompt of its main thread, plus turn 0. */
function turnsOfOldState(items: readonly TimelineItem[]): TurnActivity[] {
  if (items.length === 0) return [];
  const prompts = items.filter((i) => i.kind === 'prompt').length;
  return Array.from({ length: prompts + 1 }, () => ({ firstAt: null, lastAt: null, tokens: {} }));
}

/** The earlier (`pick` -1) or later (1) of two ISO times; a time that does not parse loses. */
function pickTime(current: string | null, at: string, pick: 1 | -1): string {
  const a = Date.parse(at);
  if (Number.isNaN(a)) return current ?? at;
  if (current === null) return at;
  const c = Date.parse(current);
  return Number.isNaN(c) || (a - c) * pick > 0 ? at : current;
}

export class TimelineDraft {
  readonly sessionId: string;
  revision: number;
  readonly index: DraftIndex;
  private items: TimelineItem[];
  private readonly turns: TurnActivity[];
  private readonly ownedTurns = new Set<TurnActivity>();
  private readonly subagents: Map<string, SubagentRun>;
  private readonly ownedThreads = new Set<string | null>();
  private readonly ownedItems = new Set<TimelineItem>();

  constructor(base: SessionTimeline) {
    const i = base.index;
    this.sessionId = base.sessionId;
    this.revision = base.revision;
    this.items = base.items;
    this.turns = [...(base.turns ?? turnsOfOldState(base.items))];
    this.subagents = mapOf(base.subagents);
    this.index = {
      tools: mapOf(i.tools),
      texts: mapOf(i.texts),
      pendingResults: mapOf(i.pendingResults),
      subagentCalls: mapOf(i.subagentCalls),
      runPrompts: mapOf(i.runPrompts),
      agentOfTool: mapOf(i.agentOfTool),
      toolOfAgent: mapOf(i.toolOfAgent),
      sidechainLines: mapOf(i.sidechainLines),
      usage: mapOf(i.usage),
    };
  }

  /** The timeline as stored: plain records with own properties only. */
  finish(): SessionTimeline {
    const i = this.index;
    const index: TimelineIndex = {
      tools: recordOf(i.tools),
      texts: recordOf(i.texts),
      pendingResults: recordOf(i.pendingResults),
      subagentCalls: recordOf(i.subagentCalls),
      runPrompts: recordOf(i.runPrompts),
      agentOfTool: recordOf(i.agentOfTool),
      toolOfAgent: recordOf(i.toolOfAgent),
      sidechainLines: recordOf(i.sidechainLines),
      usage: recordOf(i.usage),
    };
    return { sessionId: this.sessionId, revision: this.revision, items: this.items, subagents: recordOf(this.subagents), turns: this.turns, index };
  }

  /** The number of the main thread's current turn (sessionTurns.ts): how many prompts it has had. */
  get currentTurn(): number {
    return Math.max(0, this.turns.length - 1);
  }

  /** Turn `n`'s activity, owned by this draft (turn 0 is created on first use). */
  private turn(n: number): TurnActivity {
    if (this.turns.length === 0) this.turns.push({ firstAt: null, lastAt: null, tokens: {} });
    const found = this.turns[n] ?? this.turns[this.turns.length - 1]!;
    if (this.ownedTurns.has(found)) return found;
    const copy = { ...found };
    this.turns[this.turns.indexOf(found)] = copy;
    this.ownedTurns.add(copy);
    return copy;
  }

  /** Starts the next turn (a prompt a person typed in the main thread). */
  startTurn(): void {
    this.turn(0);
    const next: TurnActivity = { firstAt: null, lastAt: null, tokens: {} };
    this.turns.push(next);
    this.ownedTurns.add(next);
  }

  /** Widens the current turn (main thread) or a run's span to a line's time. */
  touch(agent: string | null, at: string | null): void {
    if (at === null) return;
    if (agent !== null) {
      const run = this.run(agent);
      if (run) run.lastAt = pickTime(run.lastAt ?? null, at, 1);
      return;
    }
    const turn = this.turn(this.currentTurn);
    turn.firstAt = pickTime(turn.firstAt, at, -1);
    turn.lastAt = pickTime(turn.lastAt, at, 1);
  }

  /**
   * Counts an assistant line's usage once per `message.id` with its last usage (the summary's rule): a later
   * line of the same message replaces what an earlier one counted, where that one counted it.
   */
  countUsage(agent: string | null, usage: AssistantUsage, model: string): void {
    const previous = this.index.usage.get(usage.messageId);
    if (previous) this.addUsage(previous.agent, previous.turn, previous.model, previous, -1);
    const counted: CountedUsage = {
      model,
      agent: previous?.agent ?? agent,
      turn: previous?.turn ?? (agent === null ? this.currentTurn : 0),
      input: usage.input,
      output: usage.output,
      cacheRead: usage.cacheRead,
      cacheWrite: usage.cacheWrite,
    };
    this.index.usage.set(usage.messageId, counted);
    this.addUsage(counted.agent, counted.turn, model, counted, 1);
  }

  private addUsage(agent: string | null, turn: number, model: string, counts: TokenCounts, sign: 1 | -1): void {
    const holder: { tokens?: Record<string, TokenCounts> } | undefined = agent === null ? this.turn(turn) : this.run(agent);
    if (!holder) return;
    const tokens = mapOf(holder.tokens);
    addTokens(tokens, model, counts, sign);
    holder.tokens = recordOf(tokens);
  }

  /** The run of a subagent key, owned by this draft; undefined if none yet. */
  run(agent: string): SubagentRun | undefined {
    if (!this.subagents.has(agent)) return undefined;
    this.threadItems(agent);
    return this.subagents.get(agent);
  }

  /** The run of a subagent key, created if new (and linked to its call if Claude Code already said which). */
  ensureRun(agent: string, at: string | null): SubagentRun {
    const existing = this.run(agent);
    if (existing) return existing;
    const run: SubagentRun = { agentId: agent, toolUseId: null, prompt: null, promptTruncated: false, model: null, startedAt: at, items: [] };
    this.subagents.set(agent, run);
    this.ownedThreads.add(agent);
    const toolUseId = this.index.toolOfAgent.get(agent);
    if (toolUseId !== undefined) this.link(toolUseId, agent);
    return run;
  }

  /** A thread's items, owned by this draft (the main thread for `null`). */
  threadItems(agent: string | null): TimelineItem[] {
    if (agent === null) {
      if (!this.ownedThreads.has(null)) this.items = [...this.items];
      this.ownedThreads.add(null);
      return this.items;
    }
    const run = this.subagents.get(agent);
    if (!run) throw new Error(`no subagent run ${agent}`);
    if (this.ownedThreads.has(agent)) return run.items;
    const owned = { ...run, items: [...run.items] };
    this.subagents.set(agent, owned);
    this.ownedThreads.add(agent);
    return owned.items;
  }

  /** Appends an item to a thread and returns where it sits. */
  push(agent: string | null, item: TimelineItem): ItemLocation {
    const items = this.threadItems(agent);
    items.push(item);
    this.ownedItems.add(item);
    return { agent, index: items.length - 1 };
  }

  /** The item at a location, owned by this draft (safe to change in place). */
  item(at: ItemLocation): TimelineItem | undefined {
    if (at.agent !== null && !this.subagents.has(at.agent)) return undefined;
    const items = this.threadItems(at.agent);
    const found = items[at.index];
    if (!found || this.ownedItems.has(found)) return found;
    const copy = { ...found };
    items[at.index] = copy;
    this.ownedItems.add(copy);
    return copy;
  }

  /** The item at a location, read only (not copied). */
  private peek(at: ItemLocation): TimelineItem | undefined {
    return (at.agent === null ? this.items : this.subagents.get(at.agent)?.items)?.[at.index];
  }

  /** The tool call with this tool_use id, owned by this draft. */
  toolCall(toolUseId: string): ToolCallItem | undefined {
    const at = this.index.tools.get(toolUseId);
    const found = at ? this.item(at) : undefined;
    return found?.kind === 'tool' ? found : undefined;
  }

  /** Records a link Claude Code stated (2.x); it overrides a link made by prompt. */
  statedLink(toolUseId: string, agent: string): void {
    this.index.agentOfTool.set(toolUseId, agent);
    this.index.toolOfAgent.set(agent, toolUseId);
    this.link(toolUseId, agent);
  }

  /**
   * Links a call and a run by prompt when neither is linked yet (1.0.x inline sidechains carry no agent id;
   * in 2.x a subagent file may be folded before the call's result states the link). `from` is a call id
   * (match a run) or a subagent key (match a call).
   *
   * A run starts while its call is outstanding: when several unlinked calls carry the run's prompt (a Task
   * interrupted and asked again, 1.0.89 `task-patterns/chat.json`), a call still waiting for its result is
   * preferred, then one that succeeded, then one that failed (an interrupted call's result is an error that
   * comes before any run); the earliest such call wins.
   */
  linkByPrompt(from: { toolUseId: string } | { agent: string }): void {
    const i = this.index;
    if ('toolUseId' in from) {
      const key = i.subagentCalls.get(from.toolUseId);
      if (key === undefined || i.agentOfTool.has(from.toolUseId)) return;
      for (const [agent, runKey] of i.runPrompts) {
        if (runKey === key && !i.toolOfAgent.has(agent) && this.subagents.get(agent)?.toolUseId === null) return this.link(from.toolUseId, agent);
      }
      return;
    }
    const key = i.runPrompts.get(from.agent);
    if (key === undefined || i.toolOfAgent.has(from.agent) || this.subagents.get(from.agent)?.toolUseId !== null) return;
    let best: { toolUseId: string; rank: number } | undefined;
    for (const [toolUseId, callKey] of i.subagentCalls) {
      if (callKey !== key || i.agentOfTool.has(toolUseId)) continue;
      const at = i.tools.get(toolUseId);
      const call = at ? this.peek(at) : undefined;
      if (call?.kind !== 'tool' || call.subagentId !== null) continue;
      const rank = call.result === null ? 0 : call.result.isError ? 2 : 1;
      if (best === undefined || rank < best.rank) best = { toolUseId, rank };
      if (rank === 0) break;
    }
    if (best !== undefined) this.link(best.toolUseId, from.agent);
  }

  /** Links a call and a run, unlinking whatever either was linked to before. Either side may not exist yet. */
  private link(toolUseId: string, agent: string): void {
    const call = this.toolCall(toolUseId);
    const run = this.run(agent);
    let displacedRun: string | undefined;
    let displacedCall: string | undefined;
    if (call && call.subagentId !== null && call.subagentId !== agent) {
      const previous = this.run(call.subagentId);
      if (previous?.toolUseId === toolUseId) [previous.toolUseId, displacedRun] = [null, call.subagentId];
    }
    if (run && run.toolUseId !== null && run.toolUseId !== toolUseId) {
      const previous = this.toolCall(run.toolUseId);
      if (previous?.subagentId === agent) [previous.subagentId, displacedCall] = [null, run.toolUseId];
    }
    if (call) call.subagentId = agent;
    if (run) run.toolUseId = toolUseId;
    // A pair a stated link broke up may match someone else by prompt.
    if (displacedRun !== undefined) this.linkByPrompt({ agent: displacedRun });
    if (displacedCall !== undefined) this.linkByPrompt({ toolUseId: displacedCall });
  }
}
