/**
 * The agent-signals contract suite: every adapter runs these tests (in-process; Redis, for real, on
 * 127.0.0.1:6379 or REDIS_URL). `open` returns two views of one signalling space: `signals` (the worker)
 * and `other` (the bot, in another process where the adapter allows it; else the same instance).
 * Timeouts are short (200 ms) and only outcomes are asserted, never durations.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentSignals, PermissionDecision } from './agentSignals.js';

export interface SignalsPair {
  signals: AgentSignals;
  other: AgentSignals;
}

const allow = (by: string): PermissionDecision => ({ behavior: 'allow', by });
const deny = (by: string): PermissionDecision => ({ behavior: 'deny', by, message: 'not on main, "please" ✋' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

export function describeAgentSignalsContract(name: string, open: () => SignalsPair): void {
  describe(`AgentSignals contract: ${name}`, () => {
    const opened: SignalsPair[] = [];
    const pair = () => {
      const p = open();
      opened.push(p);
      return p;
    };
    afterEach(async () => {
      for (const { signals, other } of opened.splice(0)) await Promise.all([signals.close(), other.close()]);
    });

    it('receives an answer given before the wait started', async () => {
      const { signals, other } = pair();
      const id = `perm-${randomUUID()}`;
      expect(await other.decide(id, deny('U1'))).toBe(true);
      expect(await signals.waitForDecision(id, 5_000)).toEqual(deny('U1'));
    });

    it('receives an answer given while waiting, from the other side', async () => {
      const { signals, other } = pair();
      const id = `perm-${randomUUID()}`;
      const waiting = signals.waitForDecision(id, 10_000);
      await tick(); // lets the wait start first (the result does not depend on it)
      expect(await other.decide(id, allow('U2'))).toBe(true);
      expect(await waiting).toEqual(allow('U2'));
    });

    it('keeps the first answer: a second decide resolves false', async () => {
      const { signals, other } = pair();
      const id = `perm-${randomUUID()}`;
      expect(await other.decide(id, allow('U1'))).toBe(true);
      expect(await signals.decide(id, deny('U2'))).toBe(false);
      expect(await other.decide(id, deny('U3'))).toBe(false);
      expect(await signals.waitForDecision(id, 5_000)).toEqual(allow('U1'));
    });

    it('keeps answers of different requests apart', async () => {
      const { signals, other } = pair();
      const [a, b] = [`perm-${randomUUID()}`, `perm-${randomUUID()}`];
      await other.decide(a, allow('Ua'));
      await other.decide(b, deny('Ub'));
      expect(await signals.waitForDecision(b, 5_000)).toEqual(deny('Ub'));
      expect(await signals.waitForDecision(a, 5_000)).toEqual(allow('Ua'));
    });

    it("resolves 'timeout' when nobody answers", async () => {
      const { signals } = pair();
      expect(await signals.waitForDecision(`perm-${randomUUID()}`, 200)).toBe('timeout');
    });

    it("resolves 'aborted' when the signal aborts during the wait, or had already", async () => {
      const { signals, other } = pair();
      const id = `perm-${randomUUID()}`;
      const controller = new AbortController();
      const waiting = signals.waitForDecision(id, 10_000, controller.signal);
      await tick();
      controller.abort();
      expect(await waiting).toBe('aborted');
      expect(await signals.waitForDecision(id, 10_000, AbortSignal.abort())).toBe('aborted');
      // The adapter still works after an abort, and the answer was not lost.
      await other.decide(id, allow('U1'));
      expect(await signals.waitForDecision(id, 5_000)).toEqual(allow('U1'));
    });

    it('delivers a stop to the listeners of that thread only, and not after they unsubscribe', async () => {
      const { signals, other } = pair();
      const [threadA, threadB, marker] = ['C1/1717236000.000100', 'C1/1717236000.000200', `C1/${randomUUID()}.x`];
      const onA = vi.fn();
      const onA2 = vi.fn();
      const onB = vi.fn();
      const onMarker = vi.fn();
      const offA = await signals.onStop(threadA, onA);
      await signals.onStop(threadA, onA2);
      await signals.onStop(threadB, onB);
      await signals.onStop(marker, onMarker);
      await other.stop(threadA, 'U1');
      await other.stop(marker, 'M');
      // Stops arrive in order: once the marker's has, thread A's has been delivered and B's listener was spared.
      await vi.waitFor(() => expect(onMarker).toHaveBeenCalledWith('M'), { timeout: 5_000 });
      expect(onA.mock.calls).toEqual([['U1']]);
      expect(onA2.mock.calls).toEqual([['U1']]);
      expect(onB).not.toHaveBeenCalled();

      await offA();
      await other.stop(threadA, 'U2');
      await vi.waitFor(() => expect(onA2).toHaveBeenCalledTimes(2), { timeout: 5_000 });
      expect(onA2).toHaveBeenLastCalledWith('U2');
      expect(onA).toHaveBeenCalledTimes(1);
    });

    it('stops nobody after the last listener of a thread unsubscribes, and listens again when asked', async () => {
      const { signals, other } = pair();
      const thread = `C2/${randomUUID()}`;
      const marker = `C2/${randomUUID()}`;
      const first = vi.fn();
      const onMarker = vi.fn();
      await signals.onStop(marker, onMarker);
      const off = await signals.onStop(thread, first);
      await off();
      await off(); // twice is harmless
      await other.stop(thread, 'U1');
      await other.stop(marker, 'M1');
      await vi.waitFor(() => expect(onMarker).toHaveBeenCalledTimes(1), { timeout: 5_000 });
      expect(first).not.toHaveBeenCalled();

      const again = vi.fn();
      await signals.onStop(thread, again);
      await other.stop(thread, 'U2');
      await vi.waitFor(() => expect(again).toHaveBeenCalledWith('U2'), { timeout: 5_000 });
      expect(first).not.toHaveBeenCalled();
    });

    it("releases everything on close: a pending wait resolves 'aborted'", async () => {
      const { signals } = pair();
      await signals.onStop('C3/1717236000.000100', () => {});
      const waiting = signals.waitForDecision(`perm-${randomUUID()}`, 60_000);
      await tick();
      await signals.close();
      expect(await waiting).toBe('aborted');
    });
  });
}
