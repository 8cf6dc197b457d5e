/**
 * The turns of one timeline revision as HTML, rendered once each and kept: a session page asked again (a
 * reload, a second reader, live follow's fragments) at the same revision reuses them. `RenderedTurnsCache`
 * keeps the latest revision of the most recently used sessions; a new revision replaces a session's entry.
 */
import type { SessionTimeline } from '../../projections/sessionTimeline.js';
import { turnStatsOf } from '../../projections/sessionTurnStats.js';
import type { TurnStats } from '../../projections/sessionTurnStats.js';
import { ConversationRenderer } from './conversation.js';
import type { SessionLinks } from './sessionLinks.js';

export class RenderedTurns {
  readonly turns: TurnStats[];
  private readonly conversation: ConversationRenderer;
  private readonly html: Array<string | undefined>;
  private other: string | undefined;

  constructor(readonly timeline: SessionTimeline, links: SessionLinks) {
    this.turns = turnStatsOf(timeline);
    this.conversation = new ConversationRenderer(timeline, links);
    this.html = new Array<string | undefined>(this.turns.length);
  }

  /** The `k`th turn (index in `turns`, not its number) as its `<section>`. */
  turn(k: number): string {
    const done = this.html[k];
    if (done !== undefined) return done;
    const html = this.conversation.turn(this.turns[k]!);
    this.html[k] = html;
    return html;
  }

  /** Runs no call started; renders every turn first (a run is shown under its call when it has one). */
  otherRuns(): string {
    if (this.other !== undefined) return this.other;
    for (let k = 0; k < this.turns.length; k += 1) this.turn(k);
    this.other = this.conversation.otherRuns();
    return this.other;
  }
}

/** Rendered turns of recently read sessions, latest revision only; `size` sessions kept (least recently used go). */
export class RenderedTurnsCache {
  private readonly entries = new Map<string, RenderedTurns>();

  constructor(private readonly size = 16) {}

  of(timeline: SessionTimeline, links: SessionLinks): RenderedTurns {
    const key = `${timeline.sessionId}\n${links.signed?.exp ?? ''}\n${links.signed?.sig ?? ''}`;
    const found = this.entries.get(key);
    this.entries.delete(key);
    const entry = found && found.timeline.revision === timeline.revision ? found : new RenderedTurns(timeline, links);
    this.entries.set(key, entry);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
