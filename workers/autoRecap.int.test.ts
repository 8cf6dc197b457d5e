/**
 * Automatic handoff on the embedded default: a session shared in a channel that then goes idle gets its
 * recap in the thread where it was shared, once; a session shared after it went quiet gets none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeVisibility } from '../access/changeVisibility.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlackEvent } from '../test/support/slackSigning.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const SECRET = 'auto-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-auto';
const PUBLIC = 'https://kap.example.test';

describe('automatic recap of a shared session that goes quiet', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN });
    kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC, KAP_AUTO_RECAP_AFTER_S: '0.5', KAP_DEFAULT_VISIBILITY: 'workspace' });
  });
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
  });

  const post = async (batch: unknown) => {
    const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    expect(r.status).toBe(200);
  };
  const share = async (sessionId: string, messageTs: string) => {
    await postSlackEvent(
      `${kap.url}/slack/events`,
      { type: 'event_callback', team_id: 'T0KAP', event_id: `Ev${messageTs}`, event: { type: 'link_shared', channel: 'C0TEAM', user: 'U0DANA', message_ts: messageTs, source: 'conversations_history', links: [{ url: `${PUBLIC}/s/${sessionId}`, domain: 'kap.example.test' }] } },
      { signingSecret: SECRET },
    );
    const deadline = Date.now() + 5000;
    while (!(await kap.summary(sessionId))?.sharedIn.some((x) => x.messageTs === messageTs) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };
  const recapsIn = (threadTs: string) => slack.accepted('chat.postMessage').filter((c) => c.args.thread_ts === threadTs && JSON.stringify(c.args.blocks).includes('*Goal*'));

  it('posts the recap in the thread once after the session, shared while running, goes quiet', async () => {
    const batch = syntheticSessionBatch();
    const running = { ...batch, items: batch.items.filter((i) => !(i.kind === 'hook' && i.payload.hook_event_name === 'Stop')) };
    // It runs "now", so it is shared before it goes quiet.
    running.items = running.items.map((i) => (i.kind === 'hook' ? { ...i, observedAt: new Date().toISOString() } : i));
    await post(running);
    await kap.settled([batch.sessionId]);
    const messageTs = `${Math.floor(Date.now() / 1000) - 1}.000100`;
    await share(batch.sessionId, messageTs);
    await new Promise((r) => setTimeout(r, 50));
    const stop = batch.items.find((i) => i.kind === 'hook' && i.payload.hook_event_name === 'Stop')!;
    await post({ ...batch, items: [{ ...stop, observedAt: new Date().toISOString() }] });
    const deadline = Date.now() + 10_000;
    while (recapsIn(messageTs).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(recapsIn(messageTs)).toHaveLength(1);
    expect(JSON.stringify(recapsIn(messageTs)[0]!.args.blocks)).toContain('went quiet');
    await new Promise((r) => setTimeout(r, 1500));
    expect(recapsIn(messageTs)).toHaveLength(1);
  });

  it('posts nothing in a channel that may no longer read the session (its owner hid it after it was shared)', async () => {
    const batch = syntheticSessionBatch();
    const running = { ...batch, items: batch.items.filter((i) => !(i.kind === 'hook' && i.payload.hook_event_name === 'Stop')).map((i) => (i.kind === 'hook' ? { ...i, observedAt: new Date().toISOString() } : i)) };
    await post(running);
    await kap.settled([batch.sessionId]);
    const messageTs = `${Math.floor(Date.now() / 1000) - 1}.000300`;
    await share(batch.sessionId, messageTs);
    expect((await changeVisibility({ store: kap.store, gate: kap.access.gate, now: () => new Date() }, batch.sessionId, { kind: 'token' }, 'local:test', { kind: 'hide' })).ok).toBe(true);
    await kap.settled([batch.sessionId]);
    const stop = batch.items.find((i) => i.kind === 'hook' && i.payload.hook_event_name === 'Stop')!;
    await post({ ...batch, items: [{ ...stop, observedAt: new Date().toISOString() }] });
    await new Promise((r) => setTimeout(r, 2500));
    expect(recapsIn(messageTs)).toHaveLength(0);
  });

  it('posts nothing for a session shared after it went quiet', async () => {
    const batch = syntheticSessionBatch();
    await post(batch); // ends with Stop, observed in 2026-11-20
    await kap.settled([batch.sessionId]);
    const messageTs = `${Math.floor(Date.now() / 1000)}.000200`;
    await share(batch.sessionId, messageTs);
    await new Promise((r) => setTimeout(r, 1500));
    expect(recapsIn(messageTs)).toHaveLength(0);
  });
});
