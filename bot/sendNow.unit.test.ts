import { describe, expect, it } from 'vitest';
import type { SessionGate } from '../access/sessionGate.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { createInProcessJobQueue } from '../jobs/inProcessJobQueue.js';
import type { EventStore } from '../stores/eventStore.js';
import type { HostedSession, HostedSessionStore } from '../stores/hostedSessions.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { initialSessionState } from '../projections/sessionSummary.js';
import { PROMPTS_QUEUE } from '../workers/hostedSessionJob.js';
import type { SlackApi } from './slackApi.js';
import { sendNow } from './sendNow.js';

const session: HostedSession = { threadKey: 'C1:1.1', channel: 'C1', threadTs: '1.1', sessionId: 's1', repo: 'web', branch: 'main', cwd: '/w', startedBy: 'U0OWNER', startedAt: '2026-01-01T00:00:00Z', paused: false };

async function world(maySteer: boolean) {
  const jobs = createInProcessJobQueue();
  const said: Array<{ kind: string; user?: string; text: string }> = [];
  const stops: string[] = [];
  const appended: unknown[] = [];
  for (const [id, by] of [['p-1', 'U0A'], ['p-2', 'U0B']] as const) {
    await jobs.enqueue(PROMPTS_QUEUE, { kind: 'prompt', threadKey: session.threadKey, channel: 'C1', threadTs: '1.1', by, text: id, messageTs: '2.2' }, { jobId: id, orderingKey: session.threadKey });
  }
  const deps = {
    gate: { steer: async () => maySteer, accessOf: async () => ({ owner: { slackUserId: 'U0OWNER', name: null } }) } as unknown as SessionGate,
    readModel: { get: async () => ({ summary: initialSessionState('s1').summary }) } as unknown as SessionReadModel,
    store: { append: async (_s: string, events: unknown[]) => void appended.push(...events) } as unknown as EventStore,
    hosted: {} as HostedSessionStore,
    jobs,
    signals: { stop: async (_k: string, by: string) => void stops.push(by) } as unknown as AgentSignals,
    slack: {
      postMessage: async (m: { text: string }) => (said.push({ kind: 'thread', text: m.text }), { ok: true as const, ts: '3.3' }),
      postEphemeral: async (m: { user: string; text: string }) => (said.push({ kind: 'ephemeral', user: m.user, text: m.text }), { ok: true as const }),
    } as unknown as SlackApi,
    logger: { warn: () => {} },
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  const order = async () => (await jobs.waiting(PROMPTS_QUEUE, session.threadKey)).map((j) => j.id);
  return { deps, jobs, said, stops, appended, order };
}

describe('Send now on a queued prompt', () => {
  it('moves the prompt first, stops the running turn, records who did it and says so in the thread', async () => {
    const w = await world(true);
    expect(await sendNow(w.deps, session, 'p-2', 'U0C')).toBe('SENT');
    expect(await w.order()).toEqual(['p-2', 'p-1']);
    expect(w.stops).toEqual(['U0C']);
    expect(w.appended).toEqual([expect.objectContaining({ type: 'HostControl', data: expect.objectContaining({ control: 'send-now', by: 'U0C', jobId: 'p-2' }) })]);
    expect(w.said).toEqual([{ kind: 'thread', text: expect.stringContaining("<@U0C> sent <@U0B>'s prompt now") }]);
    await w.jobs.close();
  });

  it('is refused, ephemerally, to someone who may not steer the session: nothing moves, nothing stops', async () => {
    const w = await world(false);
    expect(await sendNow(w.deps, session, 'p-2', 'U0X')).toBe('REFUSED');
    expect(await w.order()).toEqual(['p-1', 'p-2']);
    expect(w.stops).toEqual([]);
    expect(w.appended).toEqual([]);
    expect(w.said).toEqual([{ kind: 'ephemeral', user: 'U0X', text: expect.stringContaining('can steer') }]);
    await w.jobs.close();
  });

  it('says so when the prompt no longer waits, and stops nothing', async () => {
    const w = await world(true);
    expect(await sendNow(w.deps, session, 'p-9', 'U0C')).toBe('NOT_QUEUED');
    expect(w.stops).toEqual([]);
    expect(w.said).toEqual([{ kind: 'ephemeral', user: 'U0C', text: expect.stringContaining('not queued any more') }]);
    await w.jobs.close();
  });
});
