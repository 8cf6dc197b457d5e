/**
 * The session summary's working copy for one fold call: the state's records as Maps and Sets (keys come from
 * session data: see ownRecords.ts), copied once per call and written back as plain records at the end, so
 * the input state is never mutated and the stored JSON shape stays the contract's.
 */
import { mapOf, recordOf, setOf, trueRecordOf } from './ownRecords.js';
import type { ReportingFacts } from './sessionHistory.js';
import type { HookStatusState, SessionFoldState, SessionSummary, SharedWith } from './sessionSummaryTypes.js';
import type { TokenCounts } from './tokenCounts.js';

export type MessageUsage = { model: string; main: boolean } & TokenCounts;

export interface SummaryWork {
  /** A copy of the summary; its `tools`, `tokens` and `filesChanged` are rebuilt from the fields below at the end. */
  s: SessionSummary;
  tools: Map<string, number>;
  tokens: Map<string, TokenCounts>;
  files: Set<string>;
  messages: Map<string, MessageUsage>;
  toolUseIds: Map<string, string>;
  failedToolUseIds: Set<string>;
  promptIds: Set<string>;
  /** What the hooks say (the summary's status fields may show history instead: sessionHistory.ts). */
  hook: HookStatusState;
  statusObservedAt: string | null;
  pendingCall: string | null;
  lastHookAt: string | null;
  lastLineAt: string | null;
  lastLineStoredLate: boolean;
  foundQuiet: boolean;
}

export function sharedWithOf(s: Pick<SessionSummary, 'sharedWith'>): SharedWith {
  const w = s.sharedWith;
  return { channels: [...(w?.channels ?? [])], steerChannels: [...(w?.steerChannels ?? [])], users: [...(w?.users ?? [])] };
}

export function workOf(state: SessionFoldState): SummaryWork {
  const s = state.summary;
  return {
    s: {
      ...s,
      sharedIn: [...(s.sharedIn ?? [])],
      // Summaries stored before issue #11 lack the access fields.
      osUser: s.osUser ?? null,
      hostedBy: s.hostedBy ?? null,
      visibility: s.visibility ?? null,
      sharedWith: sharedWithOf(s),
    },
    tools: mapOf(s.tools),
    tokens: mapOf(s.tokens),
    files: new Set(s.filesChanged),
    messages: mapOf(state.messages),
    toolUseIds: mapOf(state.toolUseIds),
    failedToolUseIds: setOf(state.failedToolUseIds),
    promptIds: setOf(state.promptIds),
    // States stored before the history rule kept the hooks' status in the summary itself.
    hook: state.hookStatus ?? { status: s.status, statusSince: s.statusSince, waitingFor: s.waitingFor },
    statusObservedAt: state.statusObservedAt,
    pendingCall: state.pendingCall ?? null,
    ...hookAndLineFacts(reportingFactsOf(state)),
  };
}

const hookAndLineFacts = ({ lastHookAt, lastLineAt, lastLineStoredLate, foundQuiet }: ReportingFacts) => ({ lastHookAt, lastLineAt, lastLineStoredLate, foundQuiet });

/**
 * What the history rule (sessionHistory.ts `historyStatus`) reads from a stored state, with the defaults of
 * states stored before each fact existed. The fold and the readers that ask "is this history?" share it.
 */
export function reportingFactsOf(state: SessionFoldState): ReportingFacts {
  return {
    lastHookAt: state.lastHookAt ?? state.statusObservedAt,
    lastLineAt: state.lastLineAt ?? null,
    // States stored before this fact: a line with no hook was history.
    lastLineStoredLate: state.lastLineStoredLate ?? true,
    foundQuiet: state.foundQuiet ?? false,
    activityRevision: state.summary.activityRevision,
    lastActivityAt: state.summary.lastActivityAt,
  };
}

export function stateOf(work: SummaryWork): SessionFoldState {
  return {
    summary: { ...work.s, tools: recordOf(work.tools), tokens: recordOf(work.tokens), filesChanged: [...work.files] },
    messages: recordOf(work.messages),
    toolUseIds: recordOf(work.toolUseIds),
    failedToolUseIds: trueRecordOf(work.failedToolUseIds),
    promptIds: trueRecordOf(work.promptIds),
    statusObservedAt: work.statusObservedAt,
    pendingCall: work.pendingCall,
    hookStatus: { ...work.hook },
    lastHookAt: work.lastHookAt,
    lastLineAt: work.lastLineAt,
    lastLineStoredLate: work.lastLineStoredLate,
    foundQuiet: work.foundQuiet,
  };
}
