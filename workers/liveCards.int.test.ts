/**
 * Live cards on the embedded default (in-process job queue), with signed `link_shared` events into the bot and
 * the Slack stand-in: a shared running session's card is unfurled again after new events, at most once per
 * interval of Kap's (pinned, test-moved) clock while events stream, and a last time when it ends; imported
 * history is never refreshed; a session hidden after it was shared turns into the lock card; a `ratelimited`
 * refresh is tried again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeVisibility } from '../access/changeVisibility.js';
import { OWNER, OWNER_EMAIL } from '../access/readRule.contract.js';
import { SESSION_SHARED } from '../events/kapEventTypes.js';
import { sessionStream } from '../stores/eventStore.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { postHook, testClock } from '../test/support/liveSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlackEvent } from '../test/support/slackSigning.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-test-bot-token';
const PUBLIC = 'https://kap.example.test';
const CHANNEL = 'C0LIVE';
/** Real ms between a refresh and the next one of the same message when the clock stands still (the delay of a pending refresh). */
const INTERVAL_MS = 300;
const IMPORTED = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';

describe('live cards', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  const clock = testClock('2026-12-01T10:00:00Z');
  let n = 0;

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, users: { [OWNER]: OWNER_EMAIL } });
    kap = await startKapForTest(
      undefined,
      { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC, KAP_DEFAULT_VISIBILITY: 'workspace' },
      { now: clock.now, liveCardIntervalMs: INTERVAL_MS, waitNoticeDelayMs: 60_000 },
    );
  }, 60_000);
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
  });

  /** Posts `url` in CHANNEL (a signed link_shared) and waits for its unfurl; resolves the message ts. */
  const share = async (url: string, user = OWNER): Promise<string> => {
    n += 1;
    const ts = `1764600${String(n).padStart(3, '0')}.000100`;
    const response = await postSlackEvent(
      `${kap.url}/slack/events`,
      {
        type: 'event_callback',
        team_id: 'T0KAP',
        event_id: `EvLive${n}${Date.now()}`,
        event: { type: 'link_shared', channel: CHANNEL, user, message_ts: ts, source: 'conversations_history', links: [{ url, domain: new URL(url).host }] },
      },
      { signingSecret: SECRET },
    );
    expect(response.status).toBe(200);
    await waitUntil(() => unfurlsOf(ts).length >= 1);
    return ts;
  };
  const unfurlsOf = (ts: string): RecordedCall[] => slack.calls.filter((c) => c.method === 'chat.unfurl' && c.args.ts === ts);
  const cardOf = (call: RecordedCall | undefined, url: string) => JSON.stringify((call?.args.unfurls as Record<string, unknown> | undefined)?.[url] ?? null);

  /** A running session of OWNER's with `prompts` prompts, shared in CHANNEL, past the refresh its share commit makes. */
  const sharedRunningSession = async (url = (id: string) => `${PUBLIC}/s/${id}`) => {
    const id = randomUUID();
    await postHook(kap, id, clock.now(), { hook_event_name: 'SessionStart', source: 'startup' });
    await postHook(kap, id, clock.now(), { hook_event_name: 'UserPromptSubmit', prompt: 'prompt 1' });
    const link = url(id);
    const ts = await share(link);
    await kap.settled([id]);
    // Committing the share itself schedules one refresh (the throttle has not seen this message yet).
    await waitUntil(() => accepted(ts).length >= 2);
    clock.advance(INTERVAL_MS);
    return { id, ts, link };
  };
  const accepted = (ts: string) => unfurlsOf(ts).filter((c) => c.response.ok === true);

  it('refreshes a shared running session after new events, once at the start and once at the end of an interval while events stream, and a last time when it ends', async () => {
    const { id, ts, link } = await sharedRunningSession();
    const before = accepted(ts).length;
    // Ten prompts within one interval of Kap's clock: the first is shown at once, the rest by one refresh at the interval's end.
    for (let i = 2; i <= 11; i += 1) await postHook(kap, id, clock.now(), { hook_event_name: 'UserPromptSubmit', prompt: `prompt ${i}` });
    await waitUntil(() => cardOf(accepted(ts).at(-1), link).includes('prompt 11'));
    const during = accepted(ts).slice(before);
    expect(during).toHaveLength(2);
    // The second waited for the interval (a pending refresh's delay, on Node's timers).
    expect(during[1]!.receivedAt - during[0]!.receivedAt).toBeGreaterThanOrEqual(INTERVAL_MS - 20);
    // The stored share names the URL the message holds: that is the key unfurled again.
    const shared = [];
    for await (const e of kap.store.readStream(sessionStream(id))) if (e.type === SESSION_SHARED) shared.push(e.data);
    expect(shared).toEqual([expect.objectContaining({ channel: CHANNEL, messageTs: ts, url: link })]);

    // The end, an interval later: shown at once, as ended.
    clock.advance(INTERVAL_MS);
    await postHook(kap, id, clock.now(), { hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' });
    await waitUntil(() => cardOf(accepted(ts).at(-1), link).includes('ended'));
    expect(accepted(ts).slice(before)).toHaveLength(3);
  });

  it('does not refresh imported history, even when Kap commits more of it', async () => {
    await importCorpus(kap, [`spotter/${IMPORTED}.jsonl`, `spotter/${IMPORTED}`]);
    const summary = (await kap.summary(IMPORTED))!;
    expect(summary.status).toBe('ended');
    const ts = await share(`${PUBLIC}/s/${IMPORTED}`);
    await kap.settled([IMPORTED]);
    // Another commit of the session (a share with a person), an interval later; then a live session's refresh as a marker.
    clock.advance(INTERVAL_MS);
    await changeVisibility({ store: kap.store, gate: kap.access.gate, now: clock.now }, IMPORTED, { kind: 'token' }, OWNER, { kind: 'person', userId: 'U0FRIEND' });
    await kap.settled([IMPORTED]);
    const live = await sharedRunningSession();
    await waitUntil(() => accepted(live.ts).length >= 2);
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
    expect(unfurlsOf(ts)).toHaveLength(1);
  });

  it('turns the card of a session hidden after it was shared into the lock card', async () => {
    const { id, ts, link } = await sharedRunningSession();
    expect(cardOf(accepted(ts).at(-1), link)).toContain('prompt 1');
    const hidden = await changeVisibility({ store: kap.store, gate: kap.access.gate, now: clock.now }, id, { kind: 'person', userId: OWNER }, OWNER, { kind: 'hide' });
    expect(hidden.ok).toBe(true);
    await kap.settled([id]);
    await waitUntil(() => !cardOf(accepted(ts).at(-1), link).includes('prompt 1'));
    const lock = cardOf(accepted(ts).at(-1), link);
    expect(lock).toContain(`<@${OWNER}>`);
    expect(lock).not.toContain('payments-api');
    // Events after it keep it locked (nothing of the session leaks in a later refresh).
    clock.advance(INTERVAL_MS);
    await postHook(kap, id, clock.now(), { hook_event_name: 'UserPromptSubmit', prompt: 'secret prompt' });
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
    for (const call of unfurlsOf(ts)) expect(cardOf(call, link)).not.toContain('secret prompt');
  });

  it('tries a rate-limited refresh again later instead of failing', async () => {
    const { id, ts, link } = await sharedRunningSession();
    slack.rateLimit('chat.unfurl', 1);
    await postHook(kap, id, clock.now(), { hook_event_name: 'UserPromptSubmit', prompt: 'after the limit' });
    await waitUntil(() => unfurlsOf(ts).some((c) => c.response.error === 'ratelimited'));
    await waitUntil(() => cardOf(accepted(ts).at(-1), link).includes('after the limit'), 10_000);
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the Slack stand-in');
    await new Promise((r) => setTimeout(r, 10));
  }
}
