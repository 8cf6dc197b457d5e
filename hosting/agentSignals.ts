/**
 * Signals between the bot (where people click and type) and the worker running a hosted turn (possibly
 * another process): a permission request's answer, and "stop the running turn".
 * Adapters: in-process (`inProcessAgentSignals.ts`, the embedded default) and Redis
 * (`redisAgentSignals.ts`: an answer is an `LPUSH` the waiting worker `BLPOP`s with its timeout; a stop is a
 * `PUBLISH` on the thread's channel); both pass `agentSignals.contract.ts`.
 */

export type PermissionDecision = { behavior: 'allow'; by: string } | { behavior: 'deny'; by: string; message: string };

export interface AgentSignals {
  /**
   * Waits for the answer to permission request `requestId`, at most `timeoutMs` (ms). Resolves the decision,
   * or `'timeout'`. An answer given before the wait started is still received (answers are kept ~1 h).
   */
  waitForDecision(requestId: string, timeoutMs: number, signal?: AbortSignal): Promise<PermissionDecision | 'timeout' | 'aborted'>;
  /** Answers a permission request. Resolves false when it was already answered (first answer wins). */
  decide(requestId: string, decision: PermissionDecision): Promise<boolean>;
  /** Calls `onStop` whenever a stop is sent for `threadKey` until the returned function is called. */
  onStop(threadKey: string, onStop: (by: string) => void): Promise<() => Promise<void>>;
  /** Asks whoever runs the thread's turn to stop it. */
  stop(threadKey: string, by: string): Promise<void>;
  close(): Promise<void>;
}
