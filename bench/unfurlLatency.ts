/**
 * `link_shared` received → `chat.unfurl` sent: a signed event posted to the running bot (embedded default),
 * timed until the Slack Web API stand-in receives the unfurl. Cold: the first event after start (Bolt's
 * `auth.test`, first read-model reads); warm: 200 events after it, across the corpus's sessions.
 * Target: p99 ≤ 300 ms warm.
 */
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlackEvent } from '../test/support/slackSigning.js';

export interface UnfurlLatency {
  coldMs: number;
  warmP50Ms: number;
  warmP99Ms: number;
  events: number;
}

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench';
const PUBLIC = 'https://kap.bench.test';

export async function benchUnfurl(events = 200): Promise<UnfurlLatency> {
  const slack = await startSlackStandIn({ botToken: TOKEN });
  // Open to the workspace: this measures the full card's path (a lock card is lighter).
  const kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC, KAP_DEFAULT_VISIBILITY: 'workspace' });
  const report = await importCorpus(kap, ['spotter', 'claude-code-viewer']);
  const sessions = report.sessions;
  const once = async (i: number): Promise<number> => {
    const ts = `${1764000000 + i}.000100`;
    const started = performance.now();
    await postSlackEvent(
      `${kap.url}/slack/events`,
      {
        type: 'event_callback',
        team_id: 'T0KAP',
        event_id: `EvBench${i}`,
        event: { type: 'link_shared', channel: 'C0BENCH', user: 'U0A', message_ts: ts, source: 'conversations_history', links: [{ url: `${PUBLIC}/s/${sessions[i % sessions.length]}`, domain: 'kap.bench.test' }] },
      },
      { signingSecret: SECRET },
    );
    for (;;) {
      const call = slack.calls.find((c) => c.method === 'chat.unfurl' && c.args.ts === ts);
      if (call) return call.receivedAt - started;
      await new Promise((r) => setImmediate(r));
    }
  };
  const coldMs = await once(0);
  const warm: number[] = [];
  for (let i = 1; i <= events; i += 1) warm.push(await once(i));
  await kap.close();
  await slack.close();
  warm.sort((a, b) => a - b);
  const pct = (p: number) => warm[Math.min(warm.length - 1, Math.floor((p / 100) * warm.length))]!;
  return { coldMs, warmP50Ms: pct(50), warmP99Ms: pct(99), events };
}
