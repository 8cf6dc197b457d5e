/**
 * `/kap usage` signed into the running bot: acked at once, answered through the command's response_url to the
 * asker alone, counting only the sessions the asker may read (the read rule's world: access/readRule.contract.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, FRIEND, MEMBER, OWNER, SHARED_CHANNEL, STRANGER } from '../access/readRule.contract.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { ownersSession } from '../test/support/ownedSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlashCommand } from '../test/support/slackSigning.js';

const SECRET = 'kap-usage-signing-secret-0123456789abcd';
const TOKEN = 'xoxb-kap-usage';
/** The synthetic sessions ran on 2026-11-20 (a Friday): the week of the pinned clock holds them. */
const NOW = new Date('2026-11-21T12:00:00Z');

let slack: SlackStandIn;
let kap: KapUnderTest;
let n = 0;

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS });
  kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl }, { now: () => NOW });
  // One session the shared channel reads, one its owner shared with FRIEND alone.
  await ownersSession(kap, [{ kind: 'channel', channel: SHARED_CHANNEL, steer: false }, { kind: 'set', visibility: 'channel' }]);
  await ownersSession(kap, [{ kind: 'person', userId: FRIEND }, { kind: 'set', visibility: 'private' }]);
}, 60_000);
afterAll(async () => {
  await kap?.close();
  await slack?.close();
});

/** Asks `/kap usage <args>` as `user`; resolves the ack and the response_url answer. */
async function usage(args: string, user: string): Promise<{ ack: { text: string }; answer: Record<string, unknown> }> {
  const id = `usage${++n}`;
  const response = await postSlashCommand(
    `${kap.url}/slack/events`,
    { command: '/kap', text: `usage ${args}`.trim(), user_id: user, channel_id: SHARED_CHANNEL, team_id: 'T0KAP', trigger_id: `trig.usage.${n}`, response_url: slack.responseUrl(id) },
    { signingSecret: SECRET },
  );
  expect(response.status).toBe(200);
  const ack = (await response.json()) as { text: string };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const call = slack.calls.find((c) => c.method === 'response_url' && String(c.args.url).endsWith(`/${id}`));
    if (call) return { ack, answer: call.args };
    if (Date.now() > deadline) throw new Error(`no response_url answer for ${id}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('/kap usage', () => {
  it('answers the asker alone with what they may read: the owner both sessions, a channel member one, a stranger none', async () => {
    const owner = await usage('week', OWNER);
    expect(owner.ack.text).toContain('Counting');
    expect(owner.answer).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('2 sessions') });
    expect((await usage('week', FRIEND)).answer.text).toMatch(/\b1 session\b/);
    expect((await usage('', MEMBER)).answer.text).toMatch(/\b1 session\b/);
    expect((await usage('week', STRANGER)).answer.text).toContain('0 sessions');
  });

  it('filters by person and by repository, and says how to ask when it cannot read the arguments', async () => {
    expect((await usage(`<@${OWNER}|dana> week`, OWNER)).answer.text).toContain('2 sessions');
    expect((await usage('acme/other-repo', OWNER)).answer.text).toContain('0 sessions');
    expect((await usage('today', OWNER)).answer.text).toContain('0 sessions');
    expect(String((await usage('yesterday', OWNER)).answer.text)).toMatch(/did not understand[\s\S]*\/kap usage/);
  });
});
