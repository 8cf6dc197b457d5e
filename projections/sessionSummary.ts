/**
 * The session summary: a pure fold `(state, event) → state` over a session stream. One reducer serves the
 * live projection, a rebuild and the tests. Field definitions (the contract other parts read, issue #2):
 * figures cover the main transcript and its subagents'; an assistant message counts once per `message.id`
 * with its last line's usage; `<synthetic>` is no model; tools are tool_use blocks counted once per id;
 * filesChanged are the file_path / notebook_path inputs of Write, Edit, MultiEdit and NotebookEdit.
 * Names and ids from the data are keys like any other (`__proto__` included: ownRecords.ts); free text is
 * bounded (boundedText.ts); a session no hook reports on is history (sessionHistory.ts).
 */
import type { JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { HOSTED_SESSION_STARTED, KAP_EVENT_TYPES, RECAP_GENERATED, SESSION_EVAL_COMPLETED, SESSION_HANDED_OFF, SESSION_IDLED, SESSION_SHARED, SESSION_VISIBILITY_CHANGED, STATUS_LINE, TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import { foldHostedStart, foldVisibilityChange } from './sessionAccessFold.js';
import { evalVerdictOf } from './sessionEvalFold.js';
import { statusAfterHook } from './hookStatus.js';
import type { Projection } from './projection.js';
import { costOfTokens } from './modelPricing.js';
import { addTokens } from './tokenCounts.js';
import { assistantUsage, changedFile, failedToolResults, lineTimestamp, promptText, SUBAGENT_TOOLS, toolUses } from './transcriptFacts.js';
import { boundText } from './boundedText.js';
import { historyStatus, idledLongAfter, storedLate } from './sessionHistory.js';
import { stateOf, workOf } from './sessionSummaryWork.js';
import type { SummaryWork } from './sessionSummaryWork.js';
import type { SessionFoldState, SessionSummary } from './sessionSummaryTypes.js';

/** Longest tool or model name, channel id or Slack user id a summary keeps, in characters. */
const MAX_NAME_CHARS = 200;

export type { SessionStatus } from './hookStatus.js';
export type { TokenCounts } from './tokenCounts.js';
export type { HookStatusState, SessionFoldState, SessionSummary, SharedWith } from './sessionSummaryTypes.js';

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
      osUser: null,
      hostedBy: null,
      visibility: null,
      sharedWith: { channels: [], steerChannels: [], users: [] },
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
      unpricedModels: [],
      filesChanged: [],
      subagents: 0,
      lastPrompt: null,
      firstPrompt: null,
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
  const work = workOf(state);
  const s = work.s;
  for (const event of events) {
    if (Number(event.revision) <= s.revision) continue;
    s.revision = Number(event.revision);
    applyContext(s, event.metadata);
    if (KAP_EVENT_TYPES.has(event.type)) {
      foldKapEvent(work, event);
      continue;
    }
    s.activityRevision = Number(event.revision);
    if (event.type === TRANSCRIPT_LINE) foldLine(work, event);
    else if (event.type !== STATUS_LINE) foldHook(work, event);
  }
  const shown = historyStatus({ ...work, activityRevision: s.activityRevision, lastActivityAt: s.lastActivityAt }) ?? work.hook;
  s.status = shown.status;
  s.statusSince = shown.statusSince;
  s.waitingFor = shown.waitingFor;
  const cost = costOfTokens(work.tokens);
  s.costUsd = cost.usd;
  s.unpricedModels = cost.unpricedModels;
  return stateOf(work);
}

function foldLine(work: SummaryWork, event: RecordedEvent): void {
  const line = event.data;
  const s = work.s;
  const isMain = event.metadata.file === 'main' || event.metadata.file === undefined;
  const at = lineTimestamp(line);
  touch(s, at);
  if (at !== undefined && !Number.isNaN(Date.parse(at)) && (work.lastLineAt === null || Date.parse(at) > Date.parse(work.lastLineAt))) {
    work.lastLineAt = at;
    work.lastLineStoredLate = storedLate(at, event.created);
  }
  if (isMain && typeof line.cwd === 'string') s.cwd = boundText(line.cwd);
  if (isMain && typeof line.gitBranch === 'string' && line.gitBranch !== '') s.branch = boundText(line.gitBranch);
  if (line.type === 'summary' && typeof line.summary === 'string') s.title = boundText(line.summary);
  else if (line.type === 'ai-title' && typeof line.title === 'string') s.title = boundText(line.title);

  const usage = assistantUsage(line, event.id);
  if (usage) {
    const main = isMain && line.isSidechain !== true;
    const previous = work.messages.get(usage.messageId);
    const { input, output, cacheRead, cacheWrite } = usage;
    const model = boundText(usage.model, MAX_NAME_CHARS);
    work.messages.set(usage.messageId, { model, main, input, output, cacheRead, cacheWrite });
    if (previous) addTokens(work.tokens, previous.model, previous, -1);
    else if (main) s.turns += 1;
    addTokens(work.tokens, model, usage, 1);
  }

  for (const tool of toolUses(line)) {
    if (work.toolUseIds.has(tool.id)) continue;
    const name = boundText(tool.name, MAX_NAME_CHARS);
    work.toolUseIds.set(tool.id, name);
    work.tools.set(name, (work.tools.get(name) ?? 0) + 1);
    const file = changedFile(tool);
    if (file !== undefined) work.files.add(boundText(file));
    if (SUBAGENT_TOOLS.has(tool.name)) s.subagents += 1;
  }

  for (const id of failedToolResults(line)) {
    if (work.failedToolUseIds.has(id)) continue;
    work.failedToolUseIds.add(id);
    s.toolErrors += 1;
  }

  const prompt = isMain ? promptText(line) : undefined;
  if (prompt !== undefined && !work.promptIds.has(event.id)) {
    work.promptIds.add(event.id);
    s.prompts += 1;
    s.lastPrompt = boundText(prompt);
    s.firstPrompt ??= s.lastPrompt;
  }
}

function foldHook(work: SummaryWork, event: RecordedEvent): void {
  const s = work.s;
  const payload = event.data;
  // An imported hook log may carry no time: it then moves no timestamps.
  const at = typeof event.metadata.observedAt === 'string' && !Number.isNaN(Date.parse(event.metadata.observedAt)) ? event.metadata.observedAt : undefined;
  touch(s, at);
  if (at !== undefined) {
    if (work.lastHookAt === null || Date.parse(at) > Date.parse(work.lastHookAt)) work.lastHookAt = at;
    work.foundQuiet = false;
  }
  if (typeof payload.cwd === 'string') s.cwd = boundText(payload.cwd);
  if (event.type === 'UserPromptSubmit' && typeof payload.prompt === 'string') {
    s.lastPrompt = boundText(payload.prompt);
    s.firstPrompt ??= s.lastPrompt;
  }
  const hook = work.hook;
  const change = statusAfterHook(event.type, payload, hook.status, work.pendingCall, { hosted: s.hosted === true });
  if (!change) return;
  // Hook processes race, so a hook can land after a later one: the newest observation decides.
  if (at !== undefined && work.statusObservedAt !== null && Date.parse(at) < Date.parse(work.statusObservedAt)) return;
  if (at !== undefined) work.statusObservedAt = at;
  work.pendingCall = change.pendingCall;
  const waitingFor = change.waitingFor === null ? null : boundText(change.waitingFor);
  if (change.status !== hook.status || waitingFor !== hook.waitingFor) {
    work.hook = { status: change.status, waitingFor, statusSince: at ?? hook.statusSince };
  }
}

/** Kap's own events: idle timer, shares, recaps, handoffs. */
function foldKapEvent(work: SummaryWork, event: RecordedEvent): void {
  const s = work.s;
  const d = event.data;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? boundText(v, MAX_NAME_CHARS) : null);
  switch (event.type) {
    case SESSION_IDLED:
      foldIdled(work, event);
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
    case SESSION_EVAL_COMPLETED: {
      const verdict = evalVerdictOf(d, Number(event.revision));
      if (verdict) s.evalVerdict = verdict;
      return;
    }
    case SESSION_HANDED_OFF:
      s.handedOff = { by: text(d.by) ?? 'unknown', to: text(d.to), at: text(d.at) ?? event.created.toISOString() };
      return;
    case SESSION_VISIBILITY_CHANGED:
      foldVisibilityChange(s, d);
      return;
    case HOSTED_SESSION_STARTED:
      foldHostedStart(s, d);
      return;
  }
}

/**
 * The idle timer saw no activity for its quiet time: a running session is idle (others keep their status).
 * A timer that fired long after the last activity found history, not a pause, whatever the hooks said last
 * (running, waiting or idle): the session shows `ended` at its last activity (sessionHistory.ts).
 */
function foldIdled(work: SummaryWork, event: RecordedEvent): void {
  if (work.hook.status === 'ended') return;
  if (idledLongAfter(event.data, work.s.lastActivityAt)) {
    work.foundQuiet = true;
    return;
  }
  if (work.hook.status !== 'running') return;
  const at = typeof event.data.at === 'string' ? event.data.at : event.created.toISOString();
  work.hook = { status: 'idle', waitingFor: null, statusSince: at };
  work.pendingCall = null;
  // statusObservedAt stays the last hook's (the collector's clock, not the server's): a later hook, in
  // stream order after this event, must still move the status.
}

function applyContext(s: SessionSummary, metadata: JsonObject): void {
  if (typeof metadata.repo === 'string') s.repo = boundText(metadata.repo);
  if (typeof metadata.branch === 'string') s.branch = boundText(metadata.branch);
  if (typeof metadata.gitUser === 'string') s.user = boundText(metadata.gitUser);
  if (typeof metadata.host === 'string') s.host = boundText(metadata.host);
  if (typeof metadata.osUser === 'string') s.osUser = boundText(metadata.osUser, MAX_NAME_CHARS);
}

function touch(s: SessionSummary, at: string | undefined): void {
  if (at === undefined) return;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return;
  if (s.startedAt === null || t < Date.parse(s.startedAt)) s.startedAt = new Date(t).toISOString();
  if (s.lastActivityAt === null || t > Date.parse(s.lastActivityAt)) s.lastActivityAt = new Date(t).toISOString();
}

/** The session summary as a projection (checkpoint `session-summary`). */
export const sessionSummaryProjection: Projection<SessionFoldState> = {
  name: 'session-summary',
  initial: initialSessionState,
  fold: foldSessionEvents,
  sessionIdOf: (state) => state.summary.sessionId,
};
