/**
 * Event types Kap writes into a session stream besides hook events (whose type is the hook event name).
 * A transcript line is `TranscriptLine`; a Claude Code status-line input is `StatusLine`.
 */
export const TRANSCRIPT_LINE = 'TranscriptLine';
export const STATUS_LINE = 'StatusLine';
