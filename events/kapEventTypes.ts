/**
 * Event types Kap writes into a session stream besides hook events (whose type is the hook event name).
 * A transcript line is `TranscriptLine`; a Claude Code status-line input is `StatusLine`. The rest are Kap's
 * own observations and decisions, each with its author where a person made it.
 */
export const TRANSCRIPT_LINE = 'TranscriptLine';
export const STATUS_LINE = 'StatusLine';

/**
 * No activity for the configured quiet time (the idle timer job): `{ idleAfterMs, lastActivityAt, at }`.
 * Moves a running session to idle; appended with the expected revision it was decided on, so any newer
 * event wins.
 */
export const SESSION_IDLED = 'SessionIdled';

/**
 * The session was shown in Slack: a link to it unfurled in a posted message.
 * `{ channel, messageTs, threadTs?, user?, at }` — its thread is where a handoff goes.
 */
export const SESSION_SHARED = 'SessionShared';

/**
 * A recap was made: `{ recap, source: 'llm' | 'rules', model, sessionRevision, generatedAt }` (recaps/recap.ts
 * `RecapRecord`); `sessionRevision` is the last session event (hook or transcript line) it covers. Reused
 * while no newer session event lands.
 */
export const RECAP_GENERATED = 'RecapGenerated';

/**
 * A session evaluation was made: `{ answers, source: 'llm' | 'rules', model, sessionRevision, generatedAt }`
 * (evals/sessionEval.ts `EvalRecord`); like RecapGenerated, `sessionRevision` is the last session event it
 * covers, and it is reused while no newer session event lands.
 */
export const SESSION_EVAL_COMPLETED = 'SessionEvalCompleted';

/** Someone handed the session over: `{ by, to?, channel, threadTs?, recapRevision, at }` (Slack user ids). */
export const SESSION_HANDED_OFF = 'SessionHandedOff';

/** The agent host took the session on: `{ threadKey, channel, threadTs, repo, branch, cwd, by, continued, at }`. */
export const HOSTED_SESSION_STARTED = 'HostedSessionStarted';

/** A thread reply became the session's next prompt: `{ by, text, channel, threadTs, messageTs, at }`. */
export const PROMPT_RELAYED = 'PromptRelayed';

/** Someone answered the agent's permission request: `{ by (null: timed out), behavior, toolName, input, at }`. */
export const PERMISSION_DECIDED = 'PermissionDecided';

/** A control of the hosted session: `{ control: 'pause' | 'resume' | 'stop', by, at }`. */
export const HOST_CONTROL = 'HostControl';

/**
 * Who may see the session changed (access/sessionAccess.ts): `{ visibility?, channel?, user?, steer?, clear?, by, at }`.
 * `visibility` ('private' | 'channel' | 'workspace') replaces the configured default; `channel` shares it in a
 * Slack channel (and with `steer`, lets that channel's members steer its hosted thread); `user` shares it with
 * a person (who may also steer); `clear` takes back every share first (`/kap hide`). `by` is the author: a
 * Slack user id, or `local:<os user>` from the CLI.
 */
export const SESSION_VISIBILITY_CHANGED = 'SessionVisibilityChanged';

/** Types of Kap's own events: never hook events, never transcript lines. */
export const KAP_EVENT_TYPES: ReadonlySet<string> = new Set([
  SESSION_IDLED,
  SESSION_SHARED,
  RECAP_GENERATED,
  SESSION_EVAL_COMPLETED,
  SESSION_HANDED_OFF,
  HOSTED_SESSION_STARTED,
  PROMPT_RELAYED,
  PERMISSION_DECIDED,
  HOST_CONTROL,
  SESSION_VISIBILITY_CHANGED,
]);

/** The stream of identity links (access/identityLinks.ts): who is who across git, the OS and Slack. */
export const IDENTITIES_STREAM = 'kap-identities';

/** `/kap link` gave a person a one-time code: `{ codeHash (sha256 hex), slackUserId, expiresAt }`. */
export const IDENTITY_LINK_REQUESTED = 'IdentityLinkRequested';

/** `kap link <code>` on a machine claimed its identity for the code's person: `{ codeHash, slackUserId, email, osUser, host, at }`. */
export const IDENTITY_LINKED = 'IdentityLinked';
