/**
 * The recall port: what the MCP server asks Kap. The adapter is Kap's HTTP API (`httpRecallApi.ts`) read
 * as the person this machine's identity resolves to (ingest/requestReader.ts), so every answer has been
 * through the access gate on the server. Failures are `RecallError`s with the server's code and message.
 */
import type { RecallSession } from '../recall/recallSession.js';
import type { TurnView } from '../recall/turnView.js';

export class RecallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RecallHit {
  sessionId: string;
  turn: number;
  anchor: string;
  kind: string;
  toolName: string | null;
  at: string | null;
  /** Matches between U+E000 and U+E001 (search/searchTokens.ts). */
  snippet: string;
  title: string | null;
  repo: string | null;
  branch: string | null;
  url: string | null;
}

export interface RecallApi {
  /** Full-text search (search/searchQuery.ts syntax), best first. */
  search(query: string, limit: number): Promise<{ hits: RecallHit[]; more: boolean }>;
  recentSessions(filter: { repo?: string; branch?: string; limit: number }): Promise<RecallSession[]>;
  session(idOrPrefix: string): Promise<RecallSession>;
  recap(idOrPrefix: string): Promise<{ sessionId: string; markdown: string; cached: boolean }>;
  turn(idOrPrefix: string, turn: number, offset: number, limit: number): Promise<TurnView>;
}
