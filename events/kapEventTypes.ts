/**
 * Event types Kap writes into a session stream besides hook events (whose type is the hook event name).
 * A transcript line is `TranscriptLine`; a Claude Code status-line input is `StatusLine`.
 */
export const TRANSCRIPT_LINE = 'TranscriptLine';
export const STATUS_LINE = 'StatusLine';

/** Where an event came from, kept in its metadata as `source`. */
export type EventSource = 'hook' | 'transcript' | 'statusLine';

/** The transcript file a line came from: `main`, or `subagents/agent-<id>.jsonl` relative to the session folder. */
export type TranscriptFileKey = 'main' | `subagents/${string}`;
