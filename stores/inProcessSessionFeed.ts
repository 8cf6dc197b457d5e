/** The session feed within one process (the embedded default): publish calls the subscribers directly, after the current tick. */
import type { SessionChange, SessionFeed } from './sessionFeed.js';

export function createInProcessSessionFeed(): SessionFeed {
  const listeners = new Set<(change: SessionChange) => void>();
  return {
    async publish(changes) {
      // Copies: a listener must not see a change mutated by the publisher afterwards.
      const copies = changes.map((c) => ({ ...c }));
      await Promise.resolve();
      for (const change of copies) {
        for (const listener of [...listeners]) {
          try {
            listener(change);
          } catch {
            // isolated: one subscriber's failure is its own
          }
        }
      }
    },
    async subscribe(listener) {
      const own = (change: SessionChange) => listener(change);
      listeners.add(own);
      return async () => {
        listeners.delete(own);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
