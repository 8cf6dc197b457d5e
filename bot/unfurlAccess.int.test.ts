/**
 * Who sees what when a Kap link is pasted (issue #11), through signed `link_shared` events into the running
 * bot and the Slack stand-in of the read rule's world (CONTRACT_USERS, CONTRACT_MEMBERS): the contract table
 * for composer previews (the person writing) and posted messages (the channel); the lock card shows nothing
 * of the session; its owner is offered "Share with #channel?" and only the owner's click shares it, which
 * re-unfurls the message in full; the owner pasting a `channel` session shares it there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, MEMBER, OTHER_CHANNEL, OWNER, readRuleContract, STRANGER } from '../access/readRule.contract.js';
import type { ContractReader } from '../access/readRule.contract.js';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { FIRST_PROMPT } from '../test/support/recapFixtures.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postInteraction, postSlackEvent } from '../test/support/slackSigning.js';
import { contractSession, ownersSession } from '../test/support/ownedSession.js';
import { SHARE_CHANNEL_ACTION_ID } from './shareOffer.js';

const SECRET = 'access-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-access-test';
const PUBLIC = 'https://kap.example.test';
/** A channel the owner is not in: Slack refuses them an ephemeral there. */
const NO_OWNER_CHANNEL = 'CNOOWNER01';

let n = 0;
let slack: SlackStandIn;
let kap: KapUnderTest;
let events: string;

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: { ...CONTRACT_MEMBERS, [NO_OWNER_CHANNEL]: [MEMBER] } });
  kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC });
  events = `${kap.url}/slack/events`;
}, 60_000);
afterAll(async () => {
  await kap?.close();
  await slack?.close();
});

/** Posts a `link_shared` event; resolves the chat.unfurl call that answered it. */
async function paste(sessionId: string, where: { user: string; channel: string; composer?: boolean }): Promise<{ call: RecordedCall; ts: string; url: string }> {
  n += 1;
  const url = `${PUBLIC}/s/${sessionId}`;
  const ts = `1764${String(n).padStart(6, '0')}.000100`;
  const unfurlId = `unfurl-${n}`;
  const event = {
    type: 'link_shared',
    channel: where.composer ? 'COMPOSER' : where.channel,
    user: where.user,
    message_ts: ts,
    source: where.composer ? 'composer' : 'conversations_history',
    unfurl_id: unfurlId,
    links: [{ url, domain: 'kap.example.test' }],
  };
  const response = await postSlackEvent(events, { type: 'event_callback', team_id: 'T0KAP', event_id: `EvAccess${n}`, event }, { signingSecret: SECRET });
  expect(response.status).toBe(200);
  const deadline = Date.now() + 5000;
  for (;;) {
    const call = slack.calls.find((c) => c.method === 'chat.unfurl' && (where.composer ? c.args.unfurl_id === unfurlId : c.args.ts === ts));
    if (call) {
      expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
      return { call, ts, url };
    }
    if (Date.now() > deadline) throw new Error(`no chat.unfurl for ${url}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cardOf = (call: RecordedCall, url: string) => JSON.stringify((call.args.unfurls as Record<string, unknown>)[url]);

/** Whether the card is the full one; asserts a lock card shows nothing of the session. */
function isFullCard(card: string): boolean {
  if (card.includes('kap_card_locked')) {
    for (const secret of ['payments-api', 'fix/rounding', FIRST_PROMPT.slice(0, 30), 'kap_card_figures', 'kap_recap', 'kap_continue', 'image_url', 'dana-mbp']) expect(card).not.toContain(secret);
    expect(card).toContain(`<@${OWNER}>`);
    return false;
  }
  expect(card).toContain('kap_card_figures');
  return true;
}

const visibilityEvents = async (sessionId: string): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.type === SESSION_VISIBILITY_CHANGED) out.push(e);
  return out;
};

const ephemeralsTo = (user: string, after = 0) => slack.calls.slice(after).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user);

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; calls: ${slack.calls.map((c) => `${c.method} ${JSON.stringify(c.response)}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Slack unfurls', () => {
  readRuleContract('Slack unfurl', () => ({
    readers: ['person', 'channel'],
    setUp: (visibility) => contractSession(kap, visibility),
    async reads(sessionId, reader: ContractReader) {
      // A composer preview is seen by who writes it; a posted message by its channel (pasted by MEMBER, who
      // is in both channels and does not own the session).
      const { call, url } = reader.kind === 'person' ? await paste(sessionId, { user: reader.userId, channel: 'COMPOSER', composer: true }) : await paste(sessionId, { user: MEMBER, channel: reader.channel });
      return isFullCard(cardOf(call, url));
    },
  }));

  it('offers the owner "Share with #channel?"; only the owner\'s click shares it, and the message is re-unfurled in full', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
    const before = slack.calls.length;
    const { call, ts, url } = await paste(sessionId, { user: MEMBER, channel: OTHER_CHANNEL });
    expect(isFullCard(cardOf(call, url))).toBe(false);
    const offer = await waitFor(() => ephemeralsTo(OWNER, before).find((c) => JSON.stringify(c.args.blocks ?? '').includes(SHARE_CHANNEL_ACTION_ID)), 'the share offer');
    expect(offer.args.channel).toBe(OTHER_CHANNEL);
    expect(String(offer.args.text)).toContain(`<@${MEMBER}> pasted`);
    const button = (offer.args.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === SHARE_CHANNEL_ACTION_ID);

    const click = (user: string) =>
      postInteraction(
        events,
        {
          type: 'block_actions',
          trigger_id: `trig.share.${++n}`,
          user: { id: user },
          team: { id: 'T0KAP' },
          channel: { id: OTHER_CHANNEL },
          container: { type: 'message', channel_id: OTHER_CHANNEL, message_ts: String(offer.response.message_ts), is_ephemeral: true },
          actions: [{ type: 'button', action_id: SHARE_CHANNEL_ACTION_ID, value: button.value, action_ts: '1764000000.1' }],
        },
        { signingSecret: SECRET },
      );

    // Someone else's click (a forged or forwarded payload) changes nothing and is told who can.
    const beforeStranger = slack.calls.length;
    expect((await click(STRANGER)).status).toBe(200);
    const refused = await waitFor(() => ephemeralsTo(STRANGER, beforeStranger)[0], 'the refusal');
    expect(String(refused.args.text)).toContain(`Only <@${OWNER}>`);
    expect((await visibilityEvents(sessionId)).map((e) => e.data.channel)).not.toContain(OTHER_CHANNEL);

    const beforeOwner = slack.calls.length;
    expect((await click(OWNER)).status).toBe(200);
    const reunfurl = await waitFor(() => slack.calls.slice(beforeOwner).find((c) => c.method === 'chat.unfurl' && c.args.ts === ts), 'the re-unfurl');
    expect(reunfurl.response.ok).toBe(true);
    expect(reunfurl.args.channel).toBe(OTHER_CHANNEL);
    expect(isFullCard(cardOf(reunfurl, url))).toBe(true);
    const confirmed = await waitFor(() => ephemeralsTo(OWNER, beforeOwner)[0], 'the confirmation');
    expect(String(confirmed.args.text)).toContain(`Shared with <#${OTHER_CHANNEL}>`);
    const shared = (await visibilityEvents(sessionId)).at(-1)!;
    expect(shared.data).toMatchObject({ channel: OTHER_CHANNEL, steer: false, by: OWNER, visibility: 'channel' });
    // The channel now reads it: the next paste there is the full card.
    await kap.settled([sessionId]);
    const again = await paste(sessionId, { user: MEMBER, channel: OTHER_CHANNEL });
    expect(isFullCard(cardOf(again.call, again.url))).toBe(true);
  });

  it('the owner pasting a `channel` session in a channel shares it there; a private one stays locked with an offer', async () => {
    const open = await ownersSession(kap, [{ kind: 'set', visibility: 'channel' }]);
    const pasted = await paste(open, { user: OWNER, channel: OTHER_CHANNEL });
    expect(isFullCard(cardOf(pasted.call, pasted.url))).toBe(true);
    expect((await visibilityEvents(open)).at(-1)!.data).toMatchObject({ channel: OTHER_CHANNEL, steer: false, by: OWNER });

    const closed = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
    const before = slack.calls.length;
    const locked = await paste(closed, { user: OWNER, channel: OTHER_CHANNEL });
    expect(isFullCard(cardOf(locked.call, locked.url))).toBe(false);
    const offer = await waitFor(() => ephemeralsTo(OWNER, before)[0], 'the offer');
    expect(String(offer.args.text)).toContain('You pasted');
    expect((await visibilityEvents(closed)).map((e) => e.data.channel)).not.toContain(OTHER_CHANNEL);
  });

  it('still unfurls the lock card when Slack refuses the owner the offer (not in the channel)', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
    const before = slack.calls.length;
    const { call, url } = await paste(sessionId, { user: MEMBER, channel: NO_OWNER_CHANNEL });
    expect(isFullCard(cardOf(call, url))).toBe(false);
    const refused = await waitFor(() => ephemeralsTo(OWNER, before)[0], 'the offer attempt');
    expect(refused.response).toMatchObject({ ok: false, error: 'user_not_in_channel' });
  });
});
