/**
 * The session summary: a pure fold `(state, event) → state` over a session stream. One reducer serves the
 * live projection, a rebuild and the tests. Field definitions (the contract other parts read, issue #2):
 * figures cover the main transcript and its subagents'; an assistant message counts once per `message.id`
 * with its last line's usage; `<synthetic>` is no model; tools are tool_use blocks counted once per id;
 * filesChanged are the file_path / notebook_path inputs of Write, Edit, MultiEdit and NotebookEdit.
 */
import type { JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { KAP_EVENT_TYPES, RECAP_GENERATED, SESSION_HANDED_OFF, SESSION_IDLED, SESSION_SHARED, STATUS_LINE, TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import { statusAfterHook } from './hookStatus.js';
import type { Projection } from './projection.js';
import type { SessionStatus } from './hookStatus.js';
import { costOf } from './modelPricing.js';
import type { TokenCounts } from './tokenCounts.js';
import { assistantUsage, changedFile, failedToolResults, lineTimestamp, promptText, SUBAGENT_TOOLS, toolUses } from './transcriptFacts.js';

export type { SessionStatus } from './hookStatus.js';

export type { TokenCounts } from './tokenCounts.js';

export interface SessionSummary {
  sessionId: string;
  /** `owner/name` from the git remote, as the collector saw it. */
  repo: string | null;
  branch: string | null;
  cwd: string | null;
  /** The git user (`Name <email>`) the collector saw. */
  user: string | null;
  host: string | null;
  status: SessionStatus;
  /** ISO time of the event that set the status. */
  statusSince: string | null;
  /** What a waiting session waits on. */
  waitingFor: string | null;
  startedAt: string | null;
  lastActivityAt: string | null;
  /** Prompts a person typed (main thread). */
  prompts: number;
  /** Assistant messages of the main thread (one per API response). */
  turns: number;
  /** tool name → calls (tool_use blocks, once per id, subagents included). */
  tools: Record<string, number>;
  /** Tool calls whose result was an error. */
  toolErrors: number;
  /** model → tokens, each assistant message once with its last usage. */
  tokens: Record<string, TokenCounts>;
  /** List-price cost of `tokens`, USD (see modelPricing.ts). */
  costUsd: number;
  filesChanged: string[];
  /** Subagent runs (Task / Agent tool calls). */
  subagents: number;
  lastPrompt: string | null;
  title: string | null;
  /** Revision of the last stream event folded in; -1 before any. */
  revision: number;
  /** Revision of the last event the session itself made (hook or transcript line; not Kap's own); -1 before any. */
  activityRevision: number;
  /** Slack messages the session was shared in (newest last, at most 10). */
  sharedIn: Array<{ channel: string; messageTs: string; threadTs: string | null }>;
  /** The newest recap: its event's revision and the session revision it covers. */
  lastRecap: { eventRevision: number; coversRevision: number; source: string; model: string | null } | null;
  /** The last handoff (Slack user ids). */
  handedOff: { by: string; to: string | null; at: string } | null;
}

/** The summary plus what the fold must remember to stay exact and idempotent. */
export interface SessionFoldState {
  summary: SessionSummary;
  /** message.id → the usage counted for it so far (replaced by a later line of the same message). */
  messages: Record<string, { model: string; main: boolean } & TokenCounts>;
  toolUseIds: Record<string, string>;
  failedToolUseIds: Record<string, true>;
  promptIds: Record<string, true>;
  /** observedAt of the newest hook that spoke about status. */
  statusObservedAt: string | null;
  /** The call a permission wait is about (hookStatus.ts `callKey`), else null. */
  pendingCall?: string | null;
}

/** The state of a session before any event. */
export function initialSessionState(sessionId: string): SessionFoldState {
  return {
    summary: {
      sessionId,
      repo: null,
      branch: null,
      cwd: null,
      user: null,
      host: null,
      status: 'idle',
      statusSince: null,
      waitingFor: null,
      startedAt: null,
      lastActivityAt: null,
      prompts: 0,
      turns: 0,
      tools: {},
      toolErrors: 0,
      tokens: {},
      costUsd: 0,
      filesChanged: [],
      subagents: 0,
      lastPrompt: null,
      title: null,
      revision: -1,
      activityRevision: -1,
      sharedIn: [],
      lastRecap: null,
      handedOff: null,
    },
    messages: {},
    toolUseIds: {},
    failedToolUseIds: {},
    promptIds: {},
    statusObservedAt: null,
    pendingCall: null,
  };
}

/**
 * Folds one event of the session's stream into the state, returning a new state (the input is not
 * mutated). An event at or below the state's revision was already folded and is ignored, which makes
 * at-least-once delivery harmless.
 */
export function foldSessionEvent(state: SessionFoldState, event: RecordedEvent): SessionFoldState {
  return foldSessionEvents(state, [event]);
}

/**
 * Folds events in order; the same as folding them one by one with `foldSessionEvent`, but the state is
 * copied once for the whole run instead of once per event (a long session's state holds thousands of
 * message and tool ids). The input state is not mutated.
 */
export function foldSessionEvents(state: SessionFoldState, events: Iterable<RecordedEvent>): SessionFoldState {
  const next = ownedCopy(state);
  for (const event of events) {
    if (Number(event.revision) <= next.summary.revision) continue;
    next.summary.revision = Number(event.revision);
    applyContext(next.summary, event.metadata);
    if (KAP_EVENT_TYPES.has(event.type)) {
      foldKapEvent(next, event);
      continue;
    }
    next.summary.activityRevision = Number(event.revision);
    if (event.type === TRANSCRIPT_LINE) foldLine(next, event);
    else if (event.type !== STATUS_LINE) foldHook(next, event);
  }
  return next;
}

/** A copy whose collections the fold may change in place. */
function ownedCopy(state: SessionFoldState): SessionFoldState {
  const s = state.summary;
  return {
    summary: { ...s, tools: { ...s.tools }, tokens: { ...s.tokens }, filesChanged: [...s.filesChanged], sharedIn: [...(s.sharedIn ?? [])] },
    messages: { ...state.messages },
    toolUseIds: { ...state.toolUseIds },
    failedToolUseIds: { ...state.failedToolUseIds },
    promptIds: { ...state.promptIds },
    statusObservedAt: state.statusObservedAt,
    pendingCall: state.pendingCall ?? null,
  };
}

function foldLine(state: SessionFoldState, event: RecordedEvent): void {
  const line = event.data;
  const s = state.summary;
  const isMain = event.metadata.file === 'main' || event.metadata.file === undefined;
  touch(s, lineTimestamp(line));
  if (isMain && typeof line.cwd === 'string') s.cwd = line.cwd;
  if (isMain && typeof line.gitBranch === 'string' && line.gitBranch !== '') s.branch = line.gitBranch;
  if ((line.type === 'summary' && typeof line.summary === 'string') || (line.type === 'ai-title' && typeof line.title === 'string')) {
    s.title = (line.summary ?? line.title) as string;
  }

  const usage = assistantUsage(line, event.id);
  if (usage) {
    const main = isMain && line.isSidechain !== true;
    const previous = state.messages[usage.messageId];
    const { model, input, output, cacheRead, cacheWrite } = usage;
    state.messages[usage.messageId] = { model, main, input, output, cacheRead, cacheWrite };
    if (previous) addTokens(s.tokens, previous.model, previous, -1);
    else if (main) s.turns += 1;
    addTokens(s.tokens, usage.model, usage, 1);
    s.costUsd = totalCost(s.tokens);
  }

  for (const tool of toolUses(line)) {
    if (state.toolUseIds[tool.id] !== undefined) continue;
    state.toolUseIds[tool.id] = tool.name;
    s.tools[tool.name] = (s.tools[tool.name] ?? 0) + 1;
    const file = changedFile(tool);
    if (file !== undefined && !s.filesChanged.includes(file)) s.filesChanged.push(file);
    if (SUBAGENT_TOOLS.has(tool.name)) s.subagents += 1;
  }

  for (const id of failedToolResults(line)) {
    if (state.failedToolUseIds[id]) continue;
    state.failedToolUseIds[id] = true;
    s.toolErrors += 1;
  }

  const prompt = isMain ? promptText(line) : undefined;
  if (prompt !== undefined && !state.promptIds[event.id]) {
    state.promptIds[event.id] = true;
    s.prompts += 1;
    s.lastPrompt = prompt;
  }
}

function foldHook(state: SessionFoldState, event: RecordedEvent): void {
  const s = state.summary;
  const payload = event.data;
  // An imported hook log may carry no time: it then moves no timestamps.
  const at = typeof event.metadata.observedAt === 'string' ? event.metadata.observedAt : undefined;
  touch(s, at);
  if (typeof payload.cwd === 'string') s.cwd = payload.cwd;
  if (event.type === 'UserPromptSubmit' && typeof payload.prompt === 'string') s.lastPrompt = payload.prompt;
  const change = statusAfterHook(event.type, payload, s.status, state.pendingCall ?? null);
  if (!change) return;
  // Hook processes race, so a hook can land after a later one: the newest observation decides.
  if (at !== undefined && state.statusObservedAt !== null && Date.parse(at) < Date.parse(state.statusObservedAt)) return;
  if (at !== undefined) state.statusObservedAt = at;
  state.pendingCall = change.pendingCall;
  if (change.status !== s.status || change.waitingFor !== s.waitingFor) {
    s.status = change.status;
    s.waitingFor = change.waitingFor;
    s.statusSince = at ?? s.statusSince;
  }
}

/** Kap's own events: idle timer, shares, recaps, handoffs. */
function foldKapEvent(state: SessionFoldState, event: RecordedEvent): void {
  const s = state.summary;
  const d = event.data;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  switch (event.type) {
    case SESSION_IDLED:
      foldIdled(state, event);
      return;
    case SESSION_SHARED: {
      const channel = text(d.channel);
      const messageTs = text(d.messageTs);
      if (!channel || !messageTs || s.sharedIn.some((x) => x.channel === channel && x.messageTs === messageTs)) return;
      s.sharedIn = [...s.sharedIn, { channel, messageTs, threadTs: text(d.threadTs) }].slice(-10);
      return;
    }
    case RECAP_GENERATED:
      if (typeof d.sessionRevision !== 'number') return;
      s.lastRecap = { eventRevision: Number(event.revision), coversRevision: d.sessionRevision, source: text(d.source) ?? 'rules', model: text(d.model) };
      return;
    case SESSION_HANDED_OFF:
      s.handedOff = { by: text(d.by) ?? 'unknown', to: text(d.to), at: text(d.at) ?? event.created.toISOString() };
      return;
  }
}

/** The idle timer saw no activity for its quiet time: a running session is idle (others keep their status). */
function foldIdled(state: SessionFoldState, event: RecordedEvent): void {
  const s = state.summary;
  if (s.status !== 'running') return;
  const at = typeof event.data.at === 'string' ? event.data.at : event.created.toISOString();
  s.status = 'idle';
  s.waitingFor = null;
  s.statusSince = at;
  state.pendingCall = null;
  // statusObservedAt stays the last hook's (the collector's clock, not the server's): a later hook, in
  // stream order after this event, must still move the status.
}

function applyContext(s: SessionSummary, metadata: JsonObject): void {
  if (typeof metadata.repo === 'string') s.repo = metadata.repo;
  if (typeof metadata.branch === 'string') s.branch = metadata.branch;
  if (typeof metadata.gitUser === 'string') s.user = metadata.gitUser;
  if (typeof metadata.host === 'string') s.host = metadata.host;
}

function touch(s: SessionSummary, at: string | undefined): void {
  if (at === undefined) return;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return;
  if (s.startedAt === null || t < Date.parse(s.startedAt)) s.startedAt = new Date(t).toISOString();
  if (s.lastActivityAt === null || t > Date.parse(s.lastActivityAt)) s.lastActivityAt = new Date(t).toISOString();
}

function addTokens(tokens: Record<string, TokenCounts>, model: string, t: TokenCounts, sign: 1 | -1): void {
  const current = tokens[model] ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  tokens[model] = {
    input: current.input + sign * t.input,
    output: current.output + sign * t.output,
    cacheRead: current.cacheRead + sign * t.cacheRead,
    cacheWrite: current.cacheWrite + sign * t.cacheWrite,
  };
}

function totalCost(tokens: Record<string, TokenCounts>): number {
  let total = 0;
  for (const [model, t] of Object.entries(tokens)) total += costOf(model, t);
  return Math.round(total * 1e6) / 1e6;
}

/** The session summary as a projection (checkpoint `session-summary`). */
export const sessionSummaryProjection: Projection<SessionFoldState> = {
  name: 'session-summary',
  initial: initialSessionState,
  fold: foldSessionEvents,
  sessionIdOf: (state) => state.summary.sessionId,
};
