/**
 * `/kap host` where Kap is not a member: the ack comes, the thread root is refused (`not_in_channel`), and so
 * is the ephemeral answer; the person hears why through the command's response_url, with how to invite Kap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_A_MEMBER_CHANNEL, startHostedAgentWorld } from '../test/support/hostedAgentHarness.js';
import type { HostedAgentWorld } from '../test/support/hostedAgentHarness.js';

describe('/kap host where Kap is not a member', () => {
  let w: HostedAgentWorld;
  beforeAll(async () => {
    w = await startHostedAgentWorld(() => ({ text: 'never asked' }));
  });
  afterAll(() => w?.close());

  it('answers through the response_url, saying how to invite Kap', async () => {
    const response = await w.slash('host web say hello', 'U0DANA', NOT_A_MEMBER_CHANNEL);
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Starting a hosted session') });
    const deadline = Date.now() + 10_000;
    while (!w.slack.calls.some((c) => c.method === 'response_url') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const answers = w.slack.calls.filter((c) => c.method === 'response_url');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/invite @kap') });
    expect(String(answers[0]!.args.text)).toContain(`<#${NOT_A_MEMBER_CHANNEL}>`);
    // Slack refused the thread root and the ephemeral answer: nothing was started.
    expect(w.slack.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.response.error)).toEqual(['not_in_channel']);
    expect(w.slack.calls.filter((c) => c.method === 'chat.postEphemeral').map((c) => c.response.error)).toEqual(['not_in_channel']);
    expect(w.api.messageRequests('main')).toEqual([]);
  });
});
