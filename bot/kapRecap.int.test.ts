/**
 * `/kap recap`, the Recap button and `/kap handoff`, signed into the running bot, with the Slack Web API
 * stand-in and a scripted Messages API for the model: acked at once, the recap posted in the right place,
 * stored as a `RecapGenerated` event and reused (no second model call), handoffs in the session's thread,
 * model failures said in Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECAP_GENERATED, SESSION_HANDED_OFF } from '../events/kapEventTypes.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { FAILING_TEST } from '../test/support/recapFixtures.js';
import { startScriptedRecapApi, recapToolStep } from '../test/support/scriptedRecapApi.js';
import type { ScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { RecordedCall, SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postInteraction, postSlackEvent, postSlashCommand } from '../test/support/slackSigning.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';

const SECRET = 'recap-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-recap-test';
const PUBLIC = 'https://kap.example.test';

const MODEL_RECAP = {
  goal: 'Make roundHalfEven match the ledger for refunds.',
  done: ['Added tests for amounts under 0.01'],
  currentState: { summary: 'The negative refund test fails.', failingTests: [FAILING_TEST], openErrors: ['expected -0.11 to be -0.1'], filesInFlight: ['src/refunds/rounding.ts'] },
  next: ['Fix the sign handling in roundHalfEven', 'Document the ledger rounding rule'],
};

describe('/kap recap and /kap handoff', () => {
  let api: ScriptedRecapApi;
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  let events: string;
  const good = syntheticSessionBatch({ gitUser: 'Dana Reyes <dana@acme.dev>' });
  const broken = syntheticSessionBatch({ gitUser: 'Jo Park <jo@acme.dev>' });

  beforeAll(async () => {
    api = await startScriptedRecapApi((body: any) =>
      JSON.stringify(body).includes(broken.sessionId) || JSON.stringify(body).includes('BROKEN') ? { kind: 'error', status: 500, message: 'overloaded' } : recapToolStep(MODEL_RECAP),
    );
    slack = await startSlackStandIn({ botToken: TOKEN, users: { U0DANA: 'dana@acme.dev', U0JO: 'jo@acme.dev' } });
    kap = await startKapForTest(undefined, {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      KAP_PUBLIC_URL: PUBLIC,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: api.url,
      KAP_RECAP_MODEL: 'claude-sonnet-5-5',
      // Who may ask for what is bot/kapAccess.int.test.ts's: here every session is open to the workspace.
      KAP_DEFAULT_VISIBILITY: 'workspace',
    });
    events = `${kap.url}/slack/events`;
    for (const batch of [good, { ...broken, items: broken.items.map((i) => (i.kind === 'line' ? { ...i, text: i.text.replace('Make roundHalfEven', 'BROKEN roundHalfEven') } : i)) }]) {
      const r = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      expect(r.status).toBe(200);
    }
    await kap.settled([good.sessionId, broken.sessionId]);
  }, 60_000);
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
    await api?.close();
  });

  let trigger = 0;
  const slash = (text: string, user = 'U0DANA', channel = 'C0TEAM') =>
    postSlashCommand(events, { command: '/kap', text, user_id: user, channel_id: channel, team_id: 'T0KAP', trigger_id: `trig.${++trigger}`, response_url: 'https://hooks.slack.invalid/x' }, { signingSecret: SECRET });
  const posts = () => slack.accepted('chat.postMessage');
  const nextPost = async (before: number) => (await slack.waitFor('chat.postMessage', before + 1))[before]!;
  const typesOf = async (id: string) => {
    const out: string[] = [];
    for await (const e of kap.store.readStream(sessionStream(id))) out.push(e.type);
    return out;
  };

  it('acks with "working on it", then posts the model recap built from the session, stored as RecapGenerated', async () => {
    const before = posts().length;
    const response = await slash(`recap ${PUBLIC}/s/${good.sessionId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Working on the recap') });
    const post = await nextPost(before);
    expect(post.args.channel).toBe('C0TEAM');
    const text = JSON.stringify(post.args.blocks);
    for (const heading of ['*Goal*', '*Done*', '*Current state*', '*Next*']) expect(text).toContain(heading);
    expect(text).toContain('Fix the sign handling');
    expect(text).toContain('claude-sonnet-5-5');
    // The model was asked with the session's failing test and its pending todo.
    expect(api.requests).toHaveLength(1);
    const asked = JSON.stringify(api.requests[0]!.body);
    expect(asked).toContain(FAILING_TEST);
    expect(asked).toContain('Document the ledger rounding rule');
    await kap.settled([good.sessionId]);
    expect(await typesOf(good.sessionId)).toContain(RECAP_GENERATED);
  });

  it('reuses the stored recap for a second identical request: no second model call', async () => {
    const before = posts().length;
    await slash(`recap ${good.sessionId}`);
    const post = await nextPost(before);
    expect(JSON.stringify(post.args.blocks)).toContain('Fix the sign handling');
    expect(api.requests).toHaveLength(1);
  });

  it('finds a user\'s latest session from their Slack email', async () => {
    const before = posts().length;
    await slash('recap <@U0DANA|dana>', 'U0JO');
    const post = await nextPost(before);
    expect(JSON.stringify(post.args.blocks)).toContain(encodeURIComponent(good.sessionId).slice(0, 8));
    expect(api.requests).toHaveLength(1);
  });

  it('hands off in the thread where the session was shared, naming the teammate, and records it', async () => {
    await postSlackEvent(
      events,
      { type: 'event_callback', team_id: 'T0KAP', event_id: 'EvShare1', event: { type: 'link_shared', channel: 'C0SHARE', user: 'U0DANA', message_ts: '1763111111.000100', source: 'conversations_history', links: [{ url: `${PUBLIC}/s/${good.sessionId}`, domain: 'kap.example.test' }] } },
      { signingSecret: SECRET },
    );
    await slack.waitFor('chat.unfurl');
    const deadline = Date.now() + 5000;
    while ((await kap.summary(good.sessionId))!.sharedIn.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const before = posts().length;
    const response = await slash(`handoff ${good.sessionId} <@U0JO|jo>`);
    expect(await response.json()).toMatchObject({ text: expect.stringContaining('handoff') });
    const post = await nextPost(before);
    expect(post.args).toMatchObject({ channel: 'C0SHARE', thread_ts: '1763111111.000100' });
    expect(JSON.stringify(post.args.blocks)).toContain('<@U0JO>');
    await kap.settled([good.sessionId]);
    expect(await typesOf(good.sessionId)).toContain(SESSION_HANDED_OFF);
    expect((await kap.summary(good.sessionId))!.handedOff).toMatchObject({ by: 'U0DANA', to: 'U0JO' });
    expect(api.requests).toHaveLength(1);
  });

  it('posts a recap in the card\'s thread when the Recap button is pressed', async () => {
    const before = posts().length;
    const response = await postInteraction(
      events,
      {
        type: 'block_actions',
        trigger_id: 'trig.button.1',
        user: { id: 'U0JO' },
        team: { id: 'T0KAP' },
        channel: { id: 'C0SHARE' },
        container: { type: 'message_attachment', channel_id: 'C0SHARE', message_ts: '1763111111.000100', is_app_unfurl: true },
        actions: [{ type: 'button', action_id: 'kap_recap', value: good.sessionId, action_ts: '1763111112.1' }],
      },
      { signingSecret: SECRET },
    );
    expect(response.status).toBe(200);
    const post = await nextPost(before);
    expect(post.args).toMatchObject({ channel: 'C0SHARE', thread_ts: '1763111111.000100' });
  });

  it('says in Slack when the model fails, with the rule-based recap instead', async () => {
    const before = posts().length;
    await slash(`recap ${broken.sessionId}`, 'U0JO');
    const post: RecordedCall = await nextPost(before);
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('Rule-based recap: the model could not make one');
    expect(text).toContain(FAILING_TEST.split(' > ').at(-1)!);
    expect(await typesOf(broken.sessionId)).not.toContain(RECAP_GENERATED);
  });

  it('answers help, unknown commands and unknown sessions to the asker only', async () => {
    expect(await (await slash('help')).json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/kap recap') });
    expect(await (await slash('deploy')).json()).toMatchObject({ text: expect.stringContaining('not a Kap command') });
    const before = slack.accepted('chat.postEphemeral').length;
    await slash('recap 00000000-0000-4000-8000-00000000dead');
    const [said] = (await slack.waitFor('chat.postEphemeral', before + 1)).slice(before);
    expect(said!.args).toMatchObject({ user: 'U0DANA', channel: 'C0TEAM', text: expect.stringContaining('no session') });
  });

  it('refuses a forged slash command', async () => {
    const r = await postSlashCommand(events, { command: '/kap', text: 'help', user_id: 'U0DANA', channel_id: 'C0TEAM', trigger_id: 'x' }, { signingSecret: 'forged-secret-0123456789abcdef012345' });
    expect(r.status).toBe(401);
  });
});
