/**
 * `kap share`, `kap hide` and `kap show` as a user runs them (the CLI from source, against a Kap started in
 * this process without Slack: the local user owns every session): each change lands as a
 * `SessionVisibilityChanged` by `local:<os user>`, `kap show` prints the owner and the visibility, and a
 * refusal exits 1 with the reason, storing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osUserName } from '../collector/gitContext.js';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { runKapCli } from '../test/support/kapCli.js';

const SESSION = '5a4e0000-0000-4000-8000-000000000001';

describe('kap share, kap hide and kap show', () => {
  let kap: KapUnderTest;
  let env: Record<string, string>;
  const events = async (): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(sessionStream(SESSION))) out.push(e);
    return out;
  };
  beforeAll(async () => {
    kap = await startKapForTest();
    env = { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir };
    const payload = { session_id: SESSION, hook_event_name: 'UserPromptSubmit', prompt: 'hi', cwd: '/w' };
    const context = { repo: 'acme/payments-api', gitUser: 'Dana Reyes <dana@acme.dev>', osUser: 'dana', host: 'dana-mbp' };
    const response = await fetch(`${kap.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: SESSION, context, items: [{ kind: 'hook', observedAt: '2026-12-01T09:00:00Z', payload }] }),
    });
    expect(response.status).toBe(200);
    await kap.settled([SESSION]);
  }, 30_000);
  afterAll(() => kap?.close());

  it('shows the owner and the default visibility, in JSON and as text', async () => {
    const json = await runKapCli(['show', SESSION, '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      sessionId: SESSION,
      owner: { slackUserId: null, email: 'dana@acme.dev', osUser: 'dana', host: 'dana-mbp', name: 'Dana Reyes' },
      visibility: 'channel',
      visibilitySet: false,
    });
    const text = await runKapCli(['show', SESSION], env);
    expect(text.stdout).toContain('owner: Dana Reyes <dana@acme.dev> (no Slack user) · visibility: channel (default)');
  });

  it('shares with the workspace by default, then as each flag says, recorded with its author', async () => {
    const shared = await runKapCli(['share', SESSION], env);
    expect(shared).toMatchObject({ code: 0, stdout: `${SESSION} is now workspace.\n` });
    const last = (await events()).at(-1)!;
    expect(last.type).toBe(SESSION_VISIBILITY_CHANGED);
    expect(last.data).toMatchObject({ visibility: 'workspace', by: `local:${osUserName() ?? 'unknown'}` });

    expect((await runKapCli(['share', SESSION, '--private'], env)).stdout).toBe(`${SESSION} is now private.\n`);
    expect((await runKapCli(['share', SESSION, '--channel'], env)).stdout).toBe(`${SESSION} is now channel.\n`);
    expect((await events()).filter((e) => e.type === SESSION_VISIBILITY_CHANGED).map((e) => e.data.visibility)).toEqual(['workspace', 'private', 'channel']);

    await kap.settled([SESSION]);
    expect(JSON.parse((await runKapCli(['show', SESSION, '--json'], env)).stdout)).toMatchObject({ visibility: 'channel', visibilitySet: true });
    expect((await runKapCli(['show', SESSION], env)).stdout).toContain('· visibility: channel\n');
  });

  it('hides: private, every share taken back', async () => {
    const hidden = await runKapCli(['hide', SESSION], env);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain(`${SESSION} is now private`);
    expect((await events()).at(-1)!.data).toMatchObject({ visibility: 'private', clear: true });
  });

  it.each([
    ['two flags', ['share', SESSION, '--private', '--workspace'], /choose one of --workspace, --channel, --private/],
    ['an unknown session', ['share', 'no-such-session', '--private'], /no session no-such-session/],
    ['an id that is none', ['hide', 'a b'], /not a session id/],
  ])('refuses %s: exit 1, the reason on stderr, nothing stored', async (_name, args, reason) => {
    const before = (await events()).length;
    const result = await runKapCli(args, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stdout).toBe('');
    expect((await events()).length).toBe(before);
  });

  it('says so when the token is wrong', async () => {
    const result = await runKapCli(['share', SESSION], { ...env, KAP_TOKEN: 'wrong-wrong-wrong' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/token/);
  });
});
