/**
 * Signed `link_shared` events into the running bot (real signature verification), with the local Slack Web
 * API stand-in recording `chat.unfurl`: a corpus session unfurls as its card, composer previews are answered
 * by `source` + `unfurl_id`, unknown sessions get the not-found card, retries unfurl once, forged or stale
 * signatures get 401 and nothing runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlackEvent } from '../test/support/slackSigning.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-test-bot-token';
const PUBLIC = 'https://kap.example.test';
const SESSION = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';

let eventCounter = 0;
function linkShared(urls: string[], extra: Record<string, unknown> = {}) {
  eventCounter += 1;
  return {
    token: 'legacy',
    team_id: 'T0KAP',
    api_app_id: 'A0KAP',
    type: 'event_callback',
    event_id: `Ev${eventCounter}${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'link_shared',
      channel: 'C0TEAM',
      user: 'U0ALICE',
      message_ts: `1763000${eventCounter}.000100`,
      source: 'conversations_history',
      unfurl_id: `unfurl-${eventCounter}`,
      links: urls.map((url) => ({ url, domain: new URL(url).host })),
      event_ts: `1763000${eventCounter}.000100`,
      ...extra,
    },
  };
}

describe('link_shared → chat.unfurl', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  let events: string;

  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN });
    kap = await startKapForTest(undefined, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KAP_PUBLIC_URL: PUBLIC,
      // Who may see what is bot/unfurlAccess.int.test.ts's: here every session is open to the workspace.
      KAP_DEFAULT_VISIBILITY: 'workspace',
    });
    events = `${kap.url}/slack/events`;
    await importCorpus(kap, [`spotter/${SESSION}.jsonl`, `spotter/${SESSION}`]);
  }, 60_000);
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
  });

  const unfurlsFor = (ts: string) => slack.accepted('chat.unfurl').filter((c) => c.args.ts === ts);

  it('answers a posted message with the session card, its signed image and Open session link', async () => {
    const url = `${PUBLIC}/s/${SESSION}`;
    const summary = (await kap.summary(SESSION))!;
    const payload = linkShared([url]);
    const response = await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET });
    expect(response.status).toBe(200);
    const [call] = await waitForTs(slack, payload.event.message_ts);
    expect(call!.args.channel).toBe('C0TEAM');
    const blocks = (call!.args.unfurls as Record<string, { blocks: any[] }>)[url]!.blocks;
    const text = JSON.stringify(blocks);
    expect(text).toContain(`${summary.prompts}`);
    const image = blocks.find((b) => b.type === 'image' || b.accessory?.type === 'image');
    const imageUrl: string = image?.image_url ?? image?.accessory?.image_url;
    // Short-lived and bound to the revision it shows (web/linkSigner.ts).
    expect(imageUrl).toMatch(new RegExp(`^${PUBLIC}/cards/${SESSION}\\.png\\?rev=${summary.revision}&exp=\\d+&sig=[0-9a-f]{32}$`));
    const open = blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.type === 'button' && typeof e.url === 'string');
    // With Slack, the page opens for whoever is allowed (Sign in with Slack): the plain link, unsigned.
    expect(open.url).toBe(`${PUBLIC}/s/${SESSION}`);

    // The image URL serves the card PNG; a tampered signature does not.
    const local = imageUrl.replace(PUBLIC, kap.url);
    const png = await fetch(local);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await fetch(local.replace(/sig=[0-9a-f]{4}/, 'sig=0000'))).status).toBe(403);

    // Where it was shared is remembered (a SessionShared event), for handoffs into its thread.
    await kap.settled([SESSION]);
    expect((await kap.summary(SESSION))!.sharedIn).toContainEqual({ channel: 'C0TEAM', messageTs: payload.event.message_ts, threadTs: null });
  });

  it('answers a composer preview with source and unfurl_id', async () => {
    const url = `${PUBLIC}/s/${SESSION}`;
    const payload = linkShared([url], { channel: 'COMPOSER', source: 'composer', unfurl_id: 'C0MPOSER-unfurl' });
    expect((await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET })).status).toBe(200);
    const [call] = await waitForCall(slack, (c) => c.args.unfurl_id === 'C0MPOSER-unfurl');
    expect(call?.args.source).toBe('composer');
    expect(call?.args.channel).toBeUndefined();
    expect(call?.args.ts).toBeUndefined();
    await kap.settled([SESSION]);
    expect((await kap.summary(SESSION))!.sharedIn.map((x) => x.channel)).not.toContain('COMPOSER');
  });

  it('unfurls an unknown session as a not-found card and ignores links that are not Kap sessions', async () => {
    const unknown = `${PUBLIC}/s/00000000-0000-4000-8000-000000000000`;
    const payload = linkShared([unknown, 'https://example.com/s/whatever', `${PUBLIC}/other/page`]);
    await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET });
    const [call] = await waitForTs(slack, payload.event.message_ts);
    const unfurls = call!.args.unfurls as Record<string, { blocks: unknown[] }>;
    expect(Object.keys(unfurls)).toEqual([unknown]);
    expect(JSON.stringify(unfurls[unknown]).toLowerCase()).toContain('not found');
  });

  it('unfurls a retried event once', async () => {
    const payload = linkShared([`${PUBLIC}/s/${SESSION}`]);
    await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET });
    await waitForTs(slack, payload.event.message_ts);
    expect((await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET, retryNum: 1 })).status).toBe(200);
    expect((await postSlackEvent(events, payload, { signingSecret: SIGNING_SECRET, retryNum: 2 })).status).toBe(200);
    // A later event is unfurled: the retries before it were dropped, not queued.
    const later = linkShared([`${PUBLIC}/s/${SESSION}`]);
    await postSlackEvent(events, later, { signingSecret: SIGNING_SECRET });
    await waitForTs(slack, later.event.message_ts);
    expect(unfurlsFor(payload.event.message_ts)).toHaveLength(1);
  });

  it('refuses forged and stale signatures with 401, and nothing runs', async () => {
    const before = slack.calls.length;
    const forged = linkShared([`${PUBLIC}/s/${SESSION}`]);
    const r1 = await postSlackEvent(events, forged, { signingSecret: 'not-the-secret-at-all-0123456789' });
    expect(r1.status).toBe(401);
    const stale = linkShared([`${PUBLIC}/s/${SESSION}`]);
    const r2 = await postSlackEvent(events, stale, { signingSecret: SIGNING_SECRET, timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(r2.status).toBe(401);
    // A valid event after them is unfurled, and the two refused ones never were.
    const valid = linkShared([`${PUBLIC}/s/${SESSION}`]);
    await postSlackEvent(events, valid, { signingSecret: SIGNING_SECRET });
    await waitForTs(slack, valid.event.message_ts);
    expect(unfurlsFor(forged.event.message_ts)).toHaveLength(0);
    expect(unfurlsFor(stale.event.message_ts)).toHaveLength(0);
    expect(slack.calls.slice(before).map((c) => c.method)).toEqual(['chat.unfurl']);
  });

  it('answers Slack url_verification with the challenge', async () => {
    const response = await postSlackEvent(events, { type: 'url_verification', token: 'x', challenge: 'chal-123' }, { signingSecret: SIGNING_SECRET });
    expect(await response.json()).toEqual({ challenge: 'chal-123' });
  });
});

function waitForTs(slack: SlackStandIn, ts: string) {
  return waitForCall(slack, (c) => c.args.ts === ts);
}

/** The chat.unfurl calls matching `match`, once there is one; throws if Slack refused one. */
async function waitForCall(slack: SlackStandIn, match: (call: RecordedCall) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = slack.calls.filter((c) => c.method === 'chat.unfurl' && match(c));
    if (found.length > 0) {
      if (found.some((c) => c.response.ok !== true)) throw new Error(`chat.unfurl refused: ${JSON.stringify(found.map((c) => c.response))}`);
      return found;
    }
    if (Date.now() > deadline) throw new Error(`no matching chat.unfurl; calls: ${JSON.stringify(slack.calls.map((c) => [c.method, c.response]))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
