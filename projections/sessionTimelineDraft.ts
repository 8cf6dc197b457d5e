/**
 * A copy-on-write working copy of a session timeline for one fold call: collections and items are copied
 * the first time the fold changes them, so the input state is never mutated and an unchanged thread of a
 * long session is not copied at all. Also holds the rules that link a Task/Agent call to its subagent run.
 */
import type { ItemLocation, SessionTimeline, SubagentRun, TimelineIndex, TimelineItem, ToolCallItem } from './sessionTimelineTypes.js';

export class TimelineDraft {
  readonly state: SessionTimeline;
  readonly index: TimelineIndex;
  private readonly ownedThreads = new Set<string | null>();
  private readonly ownedItems = new Set<TimelineItem>();

  constructor(base: SessionTimeline) {
    const i = base.index;
    this.index = {
      tools: { ...i.tools },
      texts: { ...i.texts },
      pendingResults: { ...i.pendingResults },
      subagentCalls: { ...i.subagentCalls },
      runPrompts: { ...i.runPrompts },
      agentOfTool: { ...i.agentOfTool },
      toolOfAgent: { ...i.toolOfAgent },
      sidechainLines: { ...i.sidechainLines },
    };
    this.state = { ...base, items: base.items, subagents: { ...base.subagents }, index: this.index };
  }

  /** The run of a subagent key, owned by this draft; undefined if none yet. */
  run(agent: string): SubagentRun | undefined {
    if (!this.state.subagents[agent]) return undefined;
    this.threadItems(agent);
    return this.state.subagents[agent];
  }

  /** The run of a subagent key, created if new (and linked to its call if Claude Code already said which). */
  ensureRun(agent: string, at: string | null): SubagentRun {
    const existing = this.run(agent);
    if (existing) return existing;
    const run: SubagentRun = { agentId: agent, toolUseId: null, prompt: null, promptTruncated: false, model: null, startedAt: at, items: [] };
    this.state.subagents[agent] = run;
    this.ownedThreads.add(agent);
    const toolUseId = this.index.toolOfAgent[agent];
    if (toolUseId !== undefined) this.link(toolUseId, agent);
    return run;
  }

  /** A thread's items, owned by this draft (the main thread for `null`). */
  threadItems(agent: string | null): TimelineItem[] {
    if (agent === null) {
      if (!this.ownedThreads.has(null)) this.state.items = [...this.state.items];
      this.ownedThreads.add(null);
      return this.state.items;
    }
    if (!this.ownedThreads.has(agent)) {
      const run = this.state.subagents[agent];
      if (!run) throw new Error(`no subagent run ${agent}`);
      this.state.subagents[agent] = { ...run, items: [...run.items] };
      this.ownedThreads.add(agent);
    }
    return this.state.subagents[agent]!.items;
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
    if (at.agent !== null && !this.state.subagents[at.agent]) return undefined;
    const items = this.threadItems(at.agent);
    const found = items[at.index];
    if (!found || this.ownedItems.has(found)) return found;
    const copy = { ...found };
    items[at.index] = copy;
    this.ownedItems.add(copy);
    return copy;
  }

  /** The tool call with this tool_use id, owned by this draft. */
  toolCall(toolUseId: string): ToolCallItem | undefined {
    const at = this.index.tools[toolUseId];
    const found = at ? this.item(at) : undefined;
    return found?.kind === 'tool' ? found : undefined;
  }

  /** Records a link Claude Code stated (2.x); it overrides a link made by prompt. */
  statedLink(toolUseId: string, agent: string): void {
    this.index.agentOfTool[toolUseId] = agent;
    this.index.toolOfAgent[agent] = toolUseId;
    this.link(toolUseId, agent);
  }

  /**
   * Links a call and a run by prompt when neither is linked yet (1.0.x inline sidechains carry no agent id;
   * in 2.x a subagent file may be folded before the call's result states the link). `from` is a call id
   * (match a run) or a subagent key (match a call).
   */
  linkByPrompt(from: { toolUseId: string } | { agent: string }): void {
    const i = this.index;
    if ('toolUseId' in from) {
      const key = i.subagentCalls[from.toolUseId];
      if (key === undefined || i.agentOfTool[from.toolUseId] !== undefined) return;
      for (const [agent, runKey] of Object.entries(i.runPrompts)) {
        if (runKey === key && i.toolOfAgent[agent] === undefined && this.state.subagents[agent]?.toolUseId === null) return this.link(from.toolUseId, agent);
      }
      return;
    }
    const key = i.runPrompts[from.agent];
    if (key === undefined || i.toolOfAgent[from.agent] !== undefined || this.state.subagents[from.agent]?.toolUseId !== null) return;
    for (const [toolUseId, callKey] of Object.entries(i.subagentCalls)) {
      if (callKey !== key || i.agentOfTool[toolUseId] !== undefined) continue;
      const at = i.tools[toolUseId];
      const call = at ? (at.agent === null ? this.state.items : this.state.subagents[at.agent]?.items)?.[at.index] : undefined;
      if (call?.kind === 'tool' && call.subagentId === null) return this.link(toolUseId, from.agent);
    }
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
