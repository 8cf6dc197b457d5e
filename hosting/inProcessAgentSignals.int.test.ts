import { describe, expect, it } from 'vitest';
import { describeAgentSignalsContract } from './agentSignals.contract.js';
import { createInProcessAgentSignals } from './inProcessAgentSignals.js';

// One process: the worker and the bot share the same instance.
describeAgentSignalsContract('in-process', () => {
  const signals = createInProcessAgentSignals();
  return { signals, other: signals };
});

describe('in-process agent signals: answer expiry', () => {
  it('forgets an answer after keepAnswersMs (by the injected clock), then takes a new one', async () => {
    let t = Date.parse('2025-06-01T10:00:00.000Z');
    const signals = createInProcessAgentSignals({ now: () => new Date(t), keepAnswersMs: 60_000 });
    expect(await signals.decide('p1', { behavior: 'allow', by: 'U1' })).toBe(true);
    t += 59_999;
    expect(await signals.decide('p1', { behavior: 'allow', by: 'U2' })).toBe(false);
    t += 1;
    expect(await signals.waitForDecision('p1', 100)).toBe('timeout');
    expect(await signals.decide('p1', { behavior: 'allow', by: 'U3' })).toBe(true);
    expect(await signals.waitForDecision('p1', 100)).toEqual({ behavior: 'allow', by: 'U3' });
    await signals.close();
  });
});
