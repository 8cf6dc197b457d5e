/**
 * A session as recall answers it: what an agent needs to decide whether it matters (where, who, when, what
 * was asked, how it ended, what it touched), without the fold's bookkeeping.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';

export interface RecallSession {
  sessionId: string;
  title: string | null;
  repo: string | null;
  branch: string | null;
  user: string | null;
  status: SessionSummary['status'];
  startedAt: string | null;
  lastActivityAt: string | null;
  /** Turns: prompts a person typed (get_turn takes 1…turns). */
  turns: number;
  lastPrompt: string | null;
  toolCalls: number;
  toolErrors: number;
  filesChanged: string[];
  costUsd: number;
  /** The session page, or null when this Kap serves none. */
  url: string | null;
}

/** Longest last prompt returned, in characters. */
const PROMPT_CHARS = 500;

export function recallSession(summary: SessionSummary, url: string | null): RecallSession {
  const last = summary.lastPrompt;
  return {
    sessionId: summary.sessionId,
    title: summary.title,
    repo: summary.repo,
    branch: summary.branch,
    user: summary.user,
    status: summary.status,
    startedAt: summary.startedAt,
    lastActivityAt: summary.lastActivityAt,
    turns: summary.prompts,
    lastPrompt: last === null ? null : last.length > PROMPT_CHARS ? `${last.slice(0, PROMPT_CHARS)}…` : last,
    toolCalls: Object.values(summary.tools).reduce((a, b) => a + b, 0),
    toolErrors: summary.toolErrors,
    filesChanged: summary.filesChanged.slice(0, 100),
    costUsd: summary.costUsd,
    url,
  };
}
