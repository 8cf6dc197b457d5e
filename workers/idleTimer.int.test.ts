/**
 * The idle timer on the embedded default (in-process job queue): a running session with no new event for
 * the quiet time becomes idle through a `SessionIdled` event in its stream; activity after it runs again;
 * a waiting session stays waiting.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLED } from '../events/kapEventTypes.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

describe('idle timer', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest(undefined, { KAP_IDLE_AFTER_S: '0.4' });
  });
  afterAll(() => kap?.close());

  const hook = async (sessionId: string, payload: Record<string, unknown>) => {
    const response = await fetch(`${kap.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sessionId,
        items: [{ kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: sessionId, transcript_path: '/tmp/t.jsonl', cwd: '/tmp', ...payload } }],
      }),
    });
    expect(response.status).toBe(200);
    await kap.settled([sessionId]);
  };
  const statusOf = async (id: string) => (await kap.summary(id))?.status;
  const waitForStatus = async (id: string, status: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((await statusOf(id)) !== status) {
      if (Date.now() > deadline) throw new Error(`session ${id} is ${await statusOf(id)}, never ${status}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const types = async (id: string) => {
    const out: string[] = [];
    for await (const e of kap.store.readStream(sessionStream(id))) out.push(e.type);
    return out;
  };

  it('moves a quiet running session to idle with a SessionIdled event, and back to running on activity', async () => {
    const id = randomUUID();
    await hook(id, { hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    expect(await statusOf(id)).toBe('running');
    await waitForStatus(id, 'idle');
    expect(await types(id)).toEqual(['UserPromptSubmit', SESSION_IDLED]);
    await hook(id, { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_1' });
    expect(await statusOf(id)).toBe('running');
    await waitForStatus(id, 'idle');
    expect((await types(id)).filter((t) => t === SESSION_IDLED)).toHaveLength(2);
  });

  it('leaves a waiting session waiting', async () => {
    const id = randomUUID();
    await hook(id, { hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    await hook(id, { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'rm -rf build' } });
    expect(await statusOf(id)).toBe('waiting');
    // Another running session goes idle meanwhile: its timer ran, this one's did nothing.
    const other = randomUUID();
    await hook(other, { hook_event_name: 'UserPromptSubmit', prompt: 'go' });
    await waitForStatus(other, 'idle');
    expect(await statusOf(id)).toBe('waiting');
    expect(await types(id)).not.toContain(SESSION_IDLED);
  });
});
