/**
 * Thread reply received → agent turn started, with an idle host: a signed Slack `message` event in a hosted
 * session's thread, timed until the hosted `claude` sends its first Messages API request for that prompt
 * (the scripted API on loopback answers at once). Includes the job hand-off and the `claude --resume`
 * process start. Target: p99 ≤ 1 s.
 */
import { lastUserText, startHostedAgentWorld } from '../test/support/hostedAgentHarness.js';

export interface ThreadReplyLatency {
  replies: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function benchThreadReply(replies = 20): Promise<ThreadReplyLatency> {
  const started = new Map<string, number>();
  const w = await startHostedAgentWorld((req) => {
    if (req.kind !== 'main') return undefined;
    const prompt = lastUserText(req.body);
    if (!started.has(prompt)) started.set(prompt, performance.now());
    return { text: `answer to: ${prompt}` };
  });
  try {
    await w.slash('host web main warm up');
    const root = await w.posted((c) => String(c.args.text).includes('started a hosted Claude Code session'));
    const thread = String((root.response as { ts: string }).ts);
    await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args).includes('answer to: warm up'));
    const latencies: number[] = [];
    for (let i = 0; i < replies; i += 1) {
      const prompt = `question ${i}`;
      const sent = performance.now();
      await w.reply(thread, prompt);
      await w.posted((c) => c.args.thread_ts === thread && JSON.stringify(c.args).includes(`answer to: ${prompt}`));
      latencies.push(started.get(prompt)! - sent);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return { replies, p50Ms: pct(50), p99Ms: pct(99), maxMs: latencies.at(-1)! };
  } finally {
    await w.close();
  }
}
