/**
 * The session summary's shape (the contract other parts read: README "The session summary") and the fold
 * state that carries it. See sessionSummary.ts for the fold.
 */
import type { Visibility } from '../access/visibility.js';
import type { SessionStatus } from './hookStatus.js';
import type { TokenCounts } from './tokenCounts.js';

export interface SessionSummary {
  sessionId: string;
  /** `owner/name` from the git remote, as the collector saw it. */
  repo: string | null;
  branch: string | null;
  cwd: string | null;
  /** The git user (`Name <email>`) the collector saw. */
  user: string | null;
  host: string | null;
  /** The OS user the collector ran as (absent from summaries stored before issue #11). */
  osUser?: string | null;
  /** Slack user who started the hosted session: its owner. Null for sessions run on a developer's machine. */
  hostedBy?: string | null;
  /** The session runs on Kap's agent host (`HostedSessionStarted`, also for a continued session): one `claude -p` process per turn. */
  hosted?: boolean;
  /** Set by `SessionVisibilityChanged`; null or absent: the configured default (access/visibilityPolicy.ts). */
  visibility?: Visibility | null;
  /** Shares (`SessionVisibilityChanged`): channels that may read, channels whose members may steer its hosted thread, people (who may read and steer). */
  sharedWith?: SharedWith;
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
  /** List-price cost of `tokens`, USD, of the models with a known price (see modelPricing.ts). */
  costUsd: number;
  /** Models in `tokens` whose price Kap does not know (left out of `costUsd`: "price unknown"), sorted. Absent from summaries stored before issue #12. */
  unpricedModels?: string[];
  filesChanged: string[];
  /** Subagent runs (Task / Agent tool calls). */
  subagents: number;
  lastPrompt: string | null;
  /** The first prompt a person typed (main thread or UserPromptSubmit, whichever came first); absent from summaries stored before issue #13. */
  firstPrompt?: string | null;
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
  /** The newest evaluation's verdict counts (`SessionEvalCompleted`); absent from summaries of sessions never evaluated and from older states. */
  evalVerdict?: EvalVerdict | null;
}

/** A session evaluation in one line: verdict counts, who made it, which revision it covers and the event's own. */
export interface EvalVerdict {
  pass: number;
  warn: number;
  fail: number;
  /** Questions the rules could not answer (no model configured). */
  needsModel: number;
  source: 'llm' | 'rules';
  model: string | null;
  /** The session activity revision the evaluation covers. */
  coversRevision: number;
  /** The revision of its `SessionEvalCompleted` event. */
  eventRevision: number;
}

export interface SharedWith {
  channels: string[];
  steerChannels: string[];
  users: string[];
}

/** What the hooks say about status; the summary shows it unless the session is history (sessionHistory.ts). */
export interface HookStatusState {
  status: SessionStatus;
  statusSince: string | null;
  waitingFor: string | null;
}

/**
 * The summary plus what the fold must remember to stay exact and idempotent. Stored as JSON; the records are
 * keyed by data and built with own properties only (ownRecords.ts). Fields marked optional are absent from
 * states stored by older versions.
 */
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
  /** The status the hooks say (the summary may show history instead). */
  hookStatus?: HookStatusState;
  /** observedAt of the newest timed hook, any hook event. */
  lastHookAt?: string | null;
  /** The newest transcript line time. */
  lastLineAt?: string | null;
  /** Whether that line was stored long after it was written: an import (sessionHistory.ts). */
  lastLineStoredLate?: boolean;
  /** The idle timer found the session long quiet and no hook came since (sessionHistory.ts). */
  foundQuiet?: boolean;
}
