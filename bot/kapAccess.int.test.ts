/**
 * `/kap` and who may see what (issue #11), signed into the running bot with the Slack stand-in of the read
 * rule's world: `/kap recap` passes the contract table (a person asks in their DM with Kap; a channel is
 * asked in by OWNER, who reads everything, so the channel decides); `/kap recap @user` takes that user's
 * latest session the asker and the channel may read; `/kap share`, `/kap hide` are the owner's, recorded with
 * their author; `/kap link` gives a code `kap link` redeems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, MEMBER, OTHER_CHANNEL, OWNER, readRuleContract, SHARED_CHANNEL, STRANGER } from '../access/readRule.contract.js';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import type { JsonObject } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlashCommand } from '../test/support/slackSigning.js';
import { ownersSession } from '../test/support/ownedSession.js';

const SECRET = 'kap-access-signing-secret-0123456789ab';
const TOKEN = 'xoxb-kap-access';

let slack: SlackStandIn;
let kap: KapUnderTest;
let trigger = 0;

beforeAll(async () => {
  // No model: recaps come from the rules (quick, and no Messages API to script).
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS });
  kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: 'https://kap.example.test' });
}, 60_000);
afterAll(async () => {
  await kap?.close();
  await slack?.close();
});

const slash = (text: string, user: string, channel: string) =>
  postSlashCommand(`${kap.url}/slack/events`, { command: '/kap', text, user_id: user, channel_id: channel, team_id: 'T0KAP', trigger_id: `trig.access.${++trigger}`, response_url: 'https://hooks.slack.invalid/x' }, { signingSecret: SECRET });

/** The ephemeral text a command was acked with. */
const acked = async (text: string, user: string, channel: string) => {
  const response = await slash(text, user, channel);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { response_type: string; text: string };
  expect(body.response_type).toBe('ephemeral');
  return body.text;
};

const visibilityChanges = async (sessionId: string): Promise<JsonObject[]> => {
  const out: JsonObject[] = [];
  for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.type === SESSION_VISIBILITY_CHANGED) out.push(e.data);
  return out;
};

/**
 * Asks `/kap recap <id>` as `user` in `channel`; resolves 'posted' when the recap was posted there, or
 * 'refused' when the asker was told they may not (asserting that told them nothing of the session).
 */
async function recap(text: string, user: string, channel: string): Promise<{ outcome: 'posted' | 'refused'; call: RecordedCall }> {
  const before = slack.calls.length;
  await acked(`recap ${text}`, user, channel);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const later = slack.calls.slice(before);
    const posted = later.find((c) => c.method === 'chat.postMessage' && c.args.channel === channel);
    if (posted) return { outcome: 'posted', call: posted };
    const told = later.find((c) => c.method === 'chat.postEphemeral' && c.args.user === user && c.args.channel === channel);
    if (told) {
      for (const secret of ['payments-api', 'roundHalfEven', 'fix/rounding']) expect(String(told.args.text)).not.toContain(secret);
      return { outcome: 'refused', call: told };
    }
    if (Date.now() > deadline) throw new Error(`no recap and no refusal; calls: ${later.map((c) => `${c.method} ${JSON.stringify(c.args.text ?? '')}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('/kap recap and the read rule', () => {
  readRuleContract('/kap recap', () => ({
    readers: ['person', 'channel'],
    setUp: (visibility) => ownersSession(kap, [{ kind: 'channel', channel: SHARED_CHANNEL, steer: false }, { kind: 'person', userId: FRIEND }, { kind: 'set', visibility }]),
    async reads(sessionId, reader) {
      // A person alone: in their direct message with Kap. A channel: OWNER (who reads everything) asks there.
      const { outcome } = reader.kind === 'person' ? await recap(sessionId, reader.userId, `D${reader.userId}`) : await recap(sessionId, OWNER, reader.channel);
      return outcome === 'posted';
    },
  }));

  it('says a person may read it but the channel may not, and how the owner shares it there', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'person', userId: FRIEND }, { kind: 'set', visibility: 'private' }]);
    const { outcome, call } = await recap(sessionId, FRIEND, OTHER_CHANNEL);
    expect(outcome).toBe('refused');
    expect(String(call.args.text)).toContain(`not shared with <#${OTHER_CHANNEL}>`);
    const stranger = await recap(sessionId, STRANGER, OTHER_CHANNEL);
    expect(String(stranger.call.args.text)).toContain('can’t see that session');
  });

  it('/kap recap @user takes their latest session the asker and the channel may read', async () => {
    // FRIEND's sessions: one open to the workspace, one private (MEMBER and the channel may not read it).
    const friend = `Friend <${CONTRACT_USERS[FRIEND]}>`;
    const closed = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }], friend);
    const readable = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }], friend);
    const { outcome, call } = await recap(`<@${FRIEND}|friend>`, MEMBER, SHARED_CHANNEL);
    expect(outcome).toBe('posted');
    expect(JSON.stringify(call.args.blocks)).toContain(readable);
    expect(JSON.stringify(call.args.blocks)).not.toContain(closed);
    // A user who owns no session has none to recap.
    expect((await recap(`<@${STRANGER}>`, MEMBER, SHARED_CHANNEL)).outcome).toBe('refused');
  });
});

describe('/kap share, /kap hide, /kap link', () => {
  it('shares with this channel, a #channel (which may steer) and a person, and hides: each recorded with its author', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'set', visibility: 'private' }]);
    expect(await acked(`share ${sessionId}`, OWNER, OTHER_CHANNEL)).toContain(`Shared \`${sessionId}\` with <#${OTHER_CHANNEL}>`);
    expect(await acked(`share https://kap.example.test/s/${sessionId} <#${SHARED_CHANNEL}|shared>`, OWNER, OTHER_CHANNEL)).toContain('steer');
    expect(await acked(`share ${sessionId} <@${FRIEND}|friend>`, OWNER, OTHER_CHANNEL)).toContain(`<@${FRIEND}>`);
    expect(await acked(`hide ${sessionId}`, OWNER, OTHER_CHANNEL)).toContain('private again');
    const changes = await visibilityChanges(sessionId);
    expect(changes.slice(1)).toEqual([
      expect.objectContaining({ channel: OTHER_CHANNEL, steer: false, by: OWNER, visibility: 'channel' }),
      expect.objectContaining({ channel: SHARED_CHANNEL, steer: true, by: OWNER }),
      expect.objectContaining({ user: FRIEND, by: OWNER }),
      expect.objectContaining({ clear: true, by: OWNER, visibility: 'private' }),
    ]);
    await kap.settled([sessionId]);
    expect((await kap.access.gate.read(sessionId, { kind: 'person', userId: FRIEND })).kind).toBe('refused');
  });

  it('refuses anyone but the owner, naming the owner, and records nothing', async () => {
    const sessionId = await ownersSession(kap, [{ kind: 'set', visibility: 'workspace' }]);
    const before = (await visibilityChanges(sessionId)).length;
    expect(await acked(`share ${sessionId} <#${OTHER_CHANNEL}>`, MEMBER, OTHER_CHANNEL)).toContain(`Only <@${OWNER}>, the session’s owner, can share it`);
    expect(await acked(`hide ${sessionId}`, STRANGER, OTHER_CHANNEL)).toContain(`Only <@${OWNER}>, the session’s owner, can hide it`);
    expect(await visibilityChanges(sessionId)).toHaveLength(before);
    expect(await acked('share 00000000-0000-4000-8000-00000000dead', OWNER, OTHER_CHANNEL)).toContain('no session');
    // A session whose owner Slack does not know: nobody can change it in Slack; the way out is /kap link.
    const unknown = await ownersSession(kap, [], 'Sam <sam@elsewhere.example>');
    expect(await acked(`hide ${unknown}`, OWNER, OTHER_CHANNEL)).toContain('/kap link');
  });

  it('/kap link gives a one-time code that `kap link` redeems for the person who asked', async () => {
    const text = await acked('link', MEMBER, `D${MEMBER}`);
    expect(text).toContain('valid 15 minutes');
    const code = /`kap link ([A-Z0-9-]+)`/.exec(text)?.[1];
    expect(code).toBeDefined();
    const machine = { email: 'member@home.example', osUser: 'member', host: 'member-laptop' };
    expect(await kap.access.identityLinks.redeem(code!, machine, kap.access.slackUserOfEmail)).toEqual({ ok: true, slackUserId: MEMBER });
    expect(await kap.access.identityLinks.redeem(code!, machine, kap.access.slackUserOfEmail)).toMatchObject({ ok: false, code: 'USED_CODE' });
  });
});
