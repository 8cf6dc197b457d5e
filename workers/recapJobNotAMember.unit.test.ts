/**
 * `/kap recap` where Kap is not a member (a channel it was not invited to, a DM): chat.postMessage and
 * chat.postEphemeral answer `not_in_channel` / `channel_not_found`, and the person is answered through the
 * command's response_url, told how to invite Kap.
 */
import { describe, expect, it } from 'vitest';
import type { SessionGate } from '../access/sessionGate.js';
import type { ResponseUrls } from '../bot/responseUrl.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { RecapRecord } from '../recaps/recap.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { fixtureSummary } from '../test/support/recapFixtures.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { recapJobHandler } from './recapJob.js';
import type { RecapJob } from './recapJob.js';

const record: RecapRecord = {
  recap: { goal: 'g', done: [], currentState: { summary: '', failingTests: [], openErrors: [], filesInFlight: [] }, next: [] },
  source: 'llm',
  model: 'm',
  sessionRevision: 0,
  generatedAt: '2026-01-01T00:00:00Z',
};

function world(refusal: string | null) {
  const answered: { url: string; text: string }[] = [];
  const ephemerals: string[] = [];
  const slack = {
    postMessage: async () => (refusal ? { ok: false as const, error: refusal } : { ok: true as const, ts: '1.1' }),
    postEphemeral: async (m: { text: string }) => {
      ephemerals.push(m.text);
      return refusal ? { ok: false as const, error: refusal } : { ok: true as const };
    },
  } as unknown as SlackApi;
  const responseUrls: ResponseUrls = {
    reply: async (url, message) => {
      answered.push({ url, text: message.text });
      return { ok: true };
    },
  };
  const summary = fixtureSummary('s1');
  const handler = recapJobHandler({
    store: { readStream: async function* () {}, append: async () => ({ ok: true }) } as unknown as EventStore,
    readModel: { get: async () => ({ summary }) } as unknown as SessionReadModel,
    timelines: { get: async () => undefined } as never,
    recapper: { recap: async () => ({ ok: true, record }) },
    slack,
    signer: { sessionPageUrl: (id: string) => `https://kap.example/s/${id}` } as unknown as LinkSigner,
    gate: { allows: async () => true, accessOf: async () => ({ owner: { slackUserId: null, name: null } }) } as unknown as SessionGate,
    responseUrls,
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  const job = (data: Partial<RecapJob>) => handler({ id: 'j1', data: { kind: 'recap', session: { kind: 'session', sessionId: 's1' }, channel: 'C0NOTIN', threadTs: null, requestedBy: 'U0JO', teammate: null, ...data } } as never);
  return { answered, ephemerals, job };
}

describe('a recap where Kap is not a member', () => {
  it.each(['not_in_channel', 'channel_not_found'])('answers through the response_url when Slack says %s, saying how to invite Kap', async (error) => {
    const w = world(error);
    await w.job({ responseUrl: 'https://hooks.slack.com/commands/T1/1/a' });
    expect(w.answered).toHaveLength(1);
    expect(w.answered[0]!.url).toBe('https://hooks.slack.com/commands/T1/1/a');
    expect(w.answered[0]!.text).toContain('/invite @kap');
    expect(w.answered[0]!.text).toContain('<#C0NOTIN>');
  });

  it('in a DM, says to run it in a channel Kap is in', async () => {
    const w = world('channel_not_found');
    await w.job({ channel: 'D0JO', responseUrl: 'https://hooks.slack.com/commands/T1/1/a' });
    expect(w.answered[0]!.text).toMatch(/direct message.*channel I'm in/);
  });

  it('stays with chat.postEphemeral where it works, and posts the recap itself where Kap is a member', async () => {
    const w = world(null);
    await w.job({ responseUrl: 'https://hooks.slack.com/commands/T1/1/a' });
    expect(w.answered).toEqual([]);
    expect(w.ephemerals).toEqual([]);
  });
});
