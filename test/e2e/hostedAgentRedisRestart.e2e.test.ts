/**
 * Prompts queued in a paused thread survive a Redis restart: Kap on BullMQ (REDIS_URL on a Redis of the
 * test's own, AOF `appendfsync always`), three replies queued, Redis stopped and started again, the thread
 * resumed: each prompt runs once, in order, and is answered once.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastUserText, startHostedAgentWorld } from '../support/hostedAgentHarness.js';
import type { HostedAgentWorld } from '../support/hostedAgentHarness.js';
import { freePort, startRedis, stopRedis } from '../support/privateRedis.js';
import type { RecordedRequest, Reply } from '../support/scriptedMessagesApi.js';

const answer = (req: RecordedRequest): Reply | undefined => (req.kind === 'main' ? { text: `answer to: ${lastUserText(req.body)}` } : undefined);

describe('hosted agents across a Redis restart', () => {
  let redis: ChildProcess | undefined;
  let w: HostedAgentWorld | undefined;
  afterAll(async () => {
    await w?.close();
    if (redis) await stopRedis(redis);
  });

  it('runs every queued prompt once, in order', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'kap-redis-'));
    redis = await startRedis(port, dir);
    w = await startHostedAgentWorld(answer, { REDIS_URL: `redis://127.0.0.1:${port}` });
    const world = w;
    await world.slash('host web main first');
    const root = await world.posted((c) => String(c.args.text).includes('started a hosted Claude Code session'));
    const thread = String((root.response as { ts: string }).ts);
    const inThread = (text: string) => (c: { args: Record<string, unknown> }) => c.args.thread_ts === thread && JSON.stringify(c.args).includes(text);
    await world.posted(inThread('answer to: first'));
    // Dana owns it (she started it) and opens its thread to the channel, so Jo and Sam may queue prompts too.
    const sessionId = String(world.api.messageRequests('main')[0]!.headers['x-claude-code-session-id']);
    await world.kap.summaryWhen(sessionId, (s) => s.hostedBy === 'U0DANA');
    await world.slash(`share ${sessionId} <#C0TEAM|team>`);
    await world.kap.summaryWhen(sessionId, (s) => s.sharedWith?.steerChannels.includes('C0TEAM') === true);

    await world.reply(thread, 'pause');
    await world.posted(inThread('Paused by'));
    for (const [i, user] of ['U0DANA', 'U0JO', 'U0SAM'].entries()) {
      await world.reply(thread, `queued ${i + 1}`, user);
      await world.posted(inThread(`Queued, #${i + 1}`));
    }

    await stopRedis(redis);
    redis = await startRedis(port, dir);

    await world.reply(thread, 'resume');
    await world.posted(inThread('answer to: queued 3'), 60_000);
    const asked = world.api.messageRequests('main').map((r) => lastUserText(r.body)).filter((t) => t.startsWith('queued'));
    expect(asked).toEqual(['queued 1', 'queued 2', 'queued 3']);
    const answers = world.slack.accepted('chat.postMessage').filter((c) => /answer to: queued/.test(JSON.stringify(c.args)));
    expect(answers).toHaveLength(3);
  });
});
