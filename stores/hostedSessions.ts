/**
 * The hosted-session registry port: which Slack thread steers which hosted Claude Code session, where its
 * working copy is, and whether its prompt queue is paused. The agent host's own state (the session's story
 * is in its stream: `HostedSessionStarted`, `PromptRelayed` …); looked up on every thread reply.
 * Adapters: embedded SQLite (`sqliteHostedSessions.ts`), Redis (`redisHostedSessions.ts`); both pass
 * `hostedSessions.contract.ts`.
 */

export interface HostedSession {
  /** The thread that steers it: `<channel>/<thread_ts>`. */
  threadKey: string;
  channel: string;
  threadTs: string;
  /** The Claude Code session id; null until its first turn has run. */
  sessionId: string | null;
  /** Configured repository name and branch. */
  repo: string;
  branch: string | null;
  /** The worktree the turns run in. */
  cwd: string;
  /** Slack user id of who started it. */
  startedBy: string;
  /** ISO time. */
  startedAt: string;
  paused: boolean;
}

export interface HostedSessionStore {
  get(threadKey: string): Promise<HostedSession | undefined>;
  /** The hosted session of a Claude Code session id (its newest thread). */
  bySessionId(sessionId: string): Promise<HostedSession | undefined>;
  /** Creates or replaces the record of `session.threadKey`. */
  put(session: HostedSession): Promise<void>;
  /** Changes some fields; resolves the new record, or undefined when there is none. */
  update(threadKey: string, change: Partial<Pick<HostedSession, 'sessionId' | 'paused' | 'cwd' | 'branch'>>): Promise<HostedSession | undefined>;
  close(): Promise<void>;
}

export function threadKeyOf(channel: string, threadTs: string): string {
  return `${channel}/${threadTs}`;
}
