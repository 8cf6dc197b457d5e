/**
 * In-process agent signals (the embedded default: bot and worker share one process). Answers are kept in a
 * Map for `keepAnswersMs`, so an answer given before `waitForDecision` starts is still received and a second
 * answer within that time is refused; stops are events `stop:<threadKey>` on one EventEmitter (the prefix
 * keeps a thread key from ever being EventEmitter's special `error`).
 */
import { EventEmitter } from 'node:events';
import type { AgentSignals, PermissionDecision } from './agentSignals.js';

export interface InProcessAgentSignalsOptions {
  /** Clock for answer expiry. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** How long an answer is kept, ms. @defaultValue 3_600_000 (1 h, as the Redis adapter's `EX 3600`) */
  keepAnswersMs?: number;
}

type Outcome = PermissionDecision | 'timeout' | 'aborted';

/** `close()` resolves every pending `waitForDecision` with `'aborted'` and drops every `onStop` listener. */
export function createInProcessAgentSignals(options: InProcessAgentSignalsOptions = {}): AgentSignals {
  const now = options.now ?? (() => new Date());
  const keepMs = options.keepAnswersMs ?? 3_600_000;
  const answers = new Map<string, { decision: PermissionDecision; expiresAt: number }>();
  const waiters = new Map<string, Set<(outcome: Outcome) => void>>();
  const stops = new EventEmitter();
  stops.setMaxListeners(0);

  const answerOf = (requestId: string): PermissionDecision | undefined => {
    const answer = answers.get(requestId);
    if (answer && answer.expiresAt <= now().getTime()) answers.delete(requestId);
    return answers.get(requestId)?.decision;
  };
  const forgetExpired = () => {
    const t = now().getTime();
    for (const [id, answer] of answers) if (answer.expiresAt <= t) answers.delete(id);
  };

  return {
    waitForDecision(requestId, timeoutMs, signal) {
      if (signal?.aborted) return Promise.resolve('aborted');
      const known = answerOf(requestId);
      if (known) return Promise.resolve(known);
      return new Promise<Outcome>((resolve) => {
        const settle = (outcome: Outcome) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const set = waiters.get(requestId);
          set?.delete(settle);
          if (set?.size === 0) waiters.delete(requestId);
          resolve(outcome);
        };
        const onAbort = () => settle('aborted');
        const timer = setTimeout(() => settle('timeout'), Math.max(0, timeoutMs));
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.set(requestId, (waiters.get(requestId) ?? new Set()).add(settle));
      });
    },
    async decide(requestId, decision) {
      forgetExpired();
      if (answers.has(requestId)) return false;
      answers.set(requestId, { decision, expiresAt: now().getTime() + keepMs });
      for (const settle of [...(waiters.get(requestId) ?? [])]) settle(decision);
      return true;
    },
    async onStop(threadKey, onStop) {
      const listener = (by: string) => onStop(by);
      stops.on(`stop:${threadKey}`, listener);
      return async () => {
        stops.off(`stop:${threadKey}`, listener);
      };
    },
    async stop(threadKey, by) {
      stops.emit(`stop:${threadKey}`, by);
    },
    async close() {
      for (const set of [...waiters.values()]) for (const settle of [...set]) settle('aborted');
      stops.removeAllListeners();
      answers.clear();
    },
  };
}
