/**
 * Live cards: hook event posted to the ingest (appended) → `chat.unfurl` refresh of the shared message sent
 * (embedded default: SQLite, in-process jobs), timed until the Slack Web API stand-in receives the refresh
 * showing that event's prompt. A running session of its owner's, shared in a channel by a signed
 * `link_shared`; each event comes after a quiet spell (the first commit after one is refreshed at once), so
 * this is the path itself: ingest, append, projection commit, schedule, job, gate, card, Slack call. Within a
 * busy stream a refresh waits up to the interval on top (5 s by default, workers/liveCards.ts).
 */
import { randomUUID } from 'node:crypto';
import { startKapForTest } from '../test/support/kapHarness.js';
import { postHook } from '../test/support/liveSession.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import { postSlackEvent } from '../test/support/slackSigning.js';

export interface LiveCardLatency {
  p50Ms: number;
  p99Ms: number;
  events: number;
}

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench';
const PUBLIC = 'https://kap.bench.test';
/** Short, so the bench need not wait 5 s of quiet between events; every event still comes after a quiet spell. */
const INTERVAL_MS = 20;
/** The session's owner: its git email (postHook's) is theirs in Slack. */
const OWNER = 'U0BENCHOWNER';
const OWNER_EMAIL = 'dana@acme.dev';

export async function benchLiveCards(events = 100): Promise<LiveCardLatency> {
  const slack = await startSlackStandIn({ botToken: TOKEN, users: { [OWNER]: OWNER_EMAIL } });
  const kap = await startKapForTest(
    undefined,
    { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: PUBLIC, KAP_DEFAULT_VISIBILITY: 'workspace' },
    { liveCardIntervalMs: INTERVAL_MS },
  );
  const id = randomUUID();
  const url = `${PUBLIC}/s/${id}`;
  const ts = '1764700000.000100';
  await postHook(kap, id, new Date(), { hook_event_name: 'UserPromptSubmit', prompt: 'bench prompt 0' });
  await postSlackEvent(
    `${kap.url}/slack/events`,
    { type: 'event_callback', team_id: 'T0KAP', event_id: 'EvLiveBench', event: { type: 'link_shared', channel: 'C0BENCH', user: OWNER, message_ts: ts, source: 'conversations_history', links: [{ url, domain: 'kap.bench.test' }] } },
    { signingSecret: SECRET },
  );
  const showing = (text: string) => slack.calls.find((c) => c.method === 'chat.unfurl' && c.args.ts === ts && JSON.stringify(c.args.unfurls).includes(text));
  await kap.settled([id]);
  while (!showing('bench prompt 0')) await new Promise((r) => setTimeout(r, 5));

  const samples: number[] = [];
  for (let i = 1; i <= events; i += 1) {
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 10)); // a quiet spell
    const prompt = `bench prompt #${i}.`;
    const started = performance.now();
    await postHook(kap, id, new Date(), { hook_event_name: 'UserPromptSubmit', prompt });
    for (;;) {
      const call = showing(prompt);
      if (call) {
        samples.push(call.receivedAt - started);
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
  }
  await kap.close();
  await slack.close();
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
  return { p50Ms: pct(50), p99Ms: pct(99), events };
}
