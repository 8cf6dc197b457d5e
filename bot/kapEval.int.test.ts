/**
 * `/kap eval` and the card's Evaluate button, signed into the running bot, with the Slack Web API stand-in
 * and a scripted Messages API for the judge: acked at once, the evaluation posted where asked (the card's
 * thread for the button), stored as `SessionEvalCompleted` and reused (no second round of model calls), the
 * access gate as for `/kap recap` (sessions private by default here), model failures said in Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EVAL_COMPLETED } from '../events/kapEventTypes.js';
import { sessionStream } from '../stores/eventStore.js';
import { judgeStep } from '../test/support/evalFixtures.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import type { ScriptedRecapApi } from '../test/support/scriptedRecapApi.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { postInteraction, postSlashCommand } from '../test/support/slackSigning.js';
import { syntheticSessionBatch } from '../test/support/syntheticSession.js';
import { storedEvaluationOf } from '../workers/evalService.js';

const SECRET = 'eval-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-eval-test';
const PUBLIC = 'https://kap.example.test';

describe('/kap eval and the Evaluate button', () => {
  let api: ScriptedRecapApi;
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  let events: string;
  const good = syntheticSessionBatch({ gitUser: 'Dana Reyes <dana@acme.dev>' });
  const broken = syntheticSessionBatch({ gitUser: 'Dana Reyes <dana@acme.dev>' });

  beforeAll(async () => {
    api = await startScriptedRecapApi((body: any) => (JSON.stringify(body).includes('BROKEN') ? { kind: 'error', status: 500, message: 'overloaded' } : judgeStep(body)));
    slack = await startSlackStandIn({ botToken: TOKEN, users: { U0DANA: 'dana@acme.dev', U0JO: 'jo@acme.dev' }, notIn: ['C0PRIV'] });
    kap = await startKapForTest(undefined, {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      KAP_PUBLIC_URL: PUBLIC,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: api.url,
      KAP_RECAP_MODEL: 'claude-judge-test',
      KAP_DEFAULT_VISIBILITY: 'private',
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
  const slash = (text: string, user = 'U0DANA', channel = 'D0DANA', responseUrl = 'https://hooks.slack.invalid/x') =>
    postSlashCommand(events, { command: '/kap', text, user_id: user, channel_id: channel, team_id: 'T0KAP', trigger_id: `trig.${++trigger}`, response_url: responseUrl }, { signingSecret: SECRET });
  const posts = () => slack.accepted('chat.postMessage');
  const nextPost = async (before: number) => (await slack.waitFor('chat.postMessage', before + 1))[before]!;
  const nextEphemeral = async () => {
    const before = slack.accepted('chat.postEphemeral').length;
    return async () => (await slack.waitFor('chat.postEphemeral', before + 1))[before]!;
  };
  const evalEvents = async (id: string) => {
    let n = 0;
    for await (const e of kap.store.readStream(sessionStream(id))) if (e.type === SESSION_EVAL_COMPLETED) n += 1;
    return n;
  };

  it('acks at once, then posts the model evaluation of the owner’s session, stored as SessionEvalCompleted', async () => {
    const before = posts().length;
    const response = await slash(`eval ${PUBLIC}/s/${good.sessionId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Evaluating') });
    const post = await nextPost(before);
    expect(post.args.channel).toBe('D0DANA');
    const text = JSON.stringify(post.args.blocks);
    for (const heading of ['*Safety*', '*Plan adherence*', '*Quality*', '*Efficiency*', 'Model finding for tests_broken', 'claude-judge-test']) expect(text).toContain(heading);
    expect(api.requests).toHaveLength(4);
    await kap.settled([good.sessionId]);
    expect(await evalEvents(good.sessionId)).toBe(1);
    const summary = (await kap.summary(good.sessionId))!;
    expect(summary.evalVerdict).toMatchObject({ pass: 13, fail: 0, source: 'llm', model: 'claude-judge-test' });
    // What the session page shows: the stored evaluation the verdict points at.
    const stored = await storedEvaluationOf(kap.store, summary);
    expect(stored).toMatchObject({ source: 'llm', model: 'claude-judge-test', sessionRevision: summary.activityRevision });
    expect(stored!.answers).toHaveLength(13);
  });

  it('reuses the stored evaluation for the Evaluate button: posted in the card’s thread, no model call', async () => {
    const before = posts().length;
    const response = await postInteraction(
      events,
      {
        type: 'block_actions',
        trigger_id: 'trig.eval.button.1',
        user: { id: 'U0DANA' },
        team: { id: 'T0KAP' },
        channel: { id: 'D0DANA' },
        container: { type: 'message', channel_id: 'D0DANA', message_ts: '1763111111.000200' },
        actions: [{ type: 'button', action_id: 'kap_evaluate', value: good.sessionId, action_ts: '1763111112.1' }],
      },
      { signingSecret: SECRET },
    );
    expect(response.status).toBe(200);
    const post = await nextPost(before);
    expect(post.args).toMatchObject({ channel: 'D0DANA', thread_ts: '1763111111.000200' });
    expect(JSON.stringify(post.args.blocks)).toContain('Model finding for redundant_calls');
    expect(api.requests).toHaveLength(4);
    expect(await evalEvents(good.sessionId)).toBe(1);
  });

  it('applies the access gate as for /kap recap: not in a channel the private session is not shared with, not for someone who cannot see it', async () => {
    const before = posts().length;
    let said = await nextEphemeral();
    await slash(`eval ${good.sessionId}`, 'U0DANA', 'C0TEAM');
    expect((await said()).args).toMatchObject({ user: 'U0DANA', channel: 'C0TEAM', text: expect.stringContaining('not shared with <#C0TEAM>') });
    said = await nextEphemeral();
    await slash(`eval ${good.sessionId}`, 'U0JO', 'D0JO');
    expect((await said()).args).toMatchObject({ user: 'U0JO', text: expect.stringContaining('can’t see that session') });
    expect(posts()).toHaveLength(before);
    expect(api.requests).toHaveLength(4);
  });

  it('answers through the response_url where Kap is not a member and cannot say it ephemerally', async () => {
    const before = slack.calls.filter((c) => c.method === 'response_url').length;
    await slash(`eval ${good.sessionId}`, 'U0DANA', 'C0PRIV', slack.responseUrl('eval-priv'));
    const [answer] = (await slack.waitFor('response_url', before + 1)).slice(before);
    expect(answer!.args).toMatchObject({ text: expect.stringContaining('not shared with <#C0PRIV>') });
  });

  it('says in Slack when the model fails, with the rule-based evaluation instead, and stores nothing', async () => {
    const before = posts().length;
    await slash(`eval ${broken.sessionId}`);
    const text = JSON.stringify((await nextPost(before)).args.blocks);
    expect(text).toContain('Rule-based evaluation: the model could not make one');
    expect(text).toContain('(rules)');
    expect(await evalEvents(broken.sessionId)).toBe(0);
  });

  it('answers a malformed or unknown session to the asker only', async () => {
    expect(await (await slash('eval')).json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Say which session') });
    expect(await (await slash('eval <@U0DANA|dana>')).json()).toMatchObject({ text: expect.stringContaining('is not a Kap session link or session id') });
    const said = await nextEphemeral();
    await slash('eval 00000000-0000-4000-8000-00000000dead');
    expect((await said()).args).toMatchObject({ user: 'U0DANA', text: expect.stringContaining('no session') });
  });
});
