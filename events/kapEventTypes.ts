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

/** Types of Kap's own events: never hook events, never transcript lines. */
export const KAP_EVENT_TYPES: ReadonlySet<string> = new Set([SESSION_IDLED]);
