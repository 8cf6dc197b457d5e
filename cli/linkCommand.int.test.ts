/**
 * `kap link <code>` as a user runs it (the CLI from source, in a git repository of its own) against a Kap
 * with Slack (the stand-in): it reports this machine's git email, OS user and host, prints who they now
 * resolve to, and exits 1 with the server's reason when refused; against a Kap without Slack it says there
 * is nobody to link to.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osUserName } from '../collector/gitContext.js';
import { IDENTITIES_STREAM, IDENTITY_LINKED } from '../events/kapEventTypes.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { runKapCli } from '../test/support/kapCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';

const BOT_TOKEN = 'xoxb-link-test';
const DANA = 'U0DANA0001';
const LEE = 'U0LEE00001';

/** A git repository whose local config sets `user.email`, and a global config of our own (none of the host's). */
function gitRepo(email: string | null): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), 'kap-link-'));
  const global = join(cwd, 'global.gitconfig');
  writeFileSync(global, '');
  const env = { GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q'], { cwd, env: { ...process.env, ...env } });
  if (email) execFileSync('git', ['config', 'user.email', email], { cwd, env: { ...process.env, ...env } });
  return { cwd, env };
}

describe('kap link', () => {
  let slack: SlackStandIn;
  let kap: KapUnderTest;
  const linked = async (): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(IDENTITIES_STREAM)) if (e.type === IDENTITY_LINKED) out.push(e);
    return out;
  };
  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN, users: { [DANA]: 'dana@acme.dev', [LEE]: 'lee@acme.dev' } });
    kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: 'link-signing-secret-0123456789', SLACK_API_URL: slack.apiUrl });
  }, 30_000);
  afterAll(async () => {
    await kap?.close();
    await slack?.close();
  });
  const kapEnv = () => ({ KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir });

  it("links this machine's git email, OS user and host to the code's person, and prints who that is", async () => {
    const repo = gitRepo('Dana@Home.example');
    const { code } = await kap.access.identityLinks.request(DANA);
    const result = await runKapCli(['link', code], { ...kapEnv(), ...repo.env }, repo.cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const osUser = osUserName();
    const machine = osUser ? ` and ${osUser}@${hostname()}` : '';
    expect(result.stdout).toBe(`Linked: Dana@Home.example${machine} now resolve${machine ? '' : 's'} to <@${DANA}>.\n`);
    expect((await linked()).at(-1)!.data).toMatchObject({ slackUserId: DANA, email: 'dana@home.example', osUser, host: hostname() });

    const again = await runKapCli(['link', code], { ...kapEnv(), ...repo.env }, repo.cwd);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('kap: That code was used already: run `/kap link` in Slack for a new one.\n');
  });

  it("refuses an email Slack knows as someone else's, and an unknown code: exit 1, nothing stored", async () => {
    const before = (await linked()).length;
    const repo = gitRepo('lee@acme.dev');
    const claimed = await runKapCli(['link', (await kap.access.identityLinks.request(DANA)).code], { ...kapEnv(), ...repo.env }, repo.cwd);
    expect(claimed.code).toBe(1);
    expect(claimed.stderr).toMatch(/Slack knows lee@acme.dev as another person's email/);
    const unknown = await runKapCli(['link', 'AAAAA-AAAAA'], { ...kapEnv(), ...repo.env }, repo.cwd);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no such code/);
    expect((await linked()).length).toBe(before);
  });

  it('links the OS user at the host alone where git has no email; first claim wins', async () => {
    const repo = gitRepo(null);
    const osUser = osUserName();
    const result = await runKapCli(['link', (await kap.access.identityLinks.request(DANA)).code], { ...kapEnv(), ...repo.env }, repo.cwd);
    if (osUser === null) {
      expect(result.stderr).toMatch(/no git email and no OS user/);
      return;
    }
    // The first test linked this OS user at this host to DANA already: DANA may link it again, LEE may not.
    expect(result.stdout).toBe(`Linked: ${osUser}@${hostname()} now resolves to <@${DANA}>.\n`);
    expect((await linked()).at(-1)!.data).toMatchObject({ slackUserId: DANA, email: null, osUser, host: hostname() });
    const taken = await runKapCli(['link', (await kap.access.identityLinks.request(LEE)).code], { ...kapEnv(), ...repo.env }, repo.cwd);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(`kap: ${osUser}@${hostname()} is already linked to another Slack user.\n`);
  });
});

describe('kap link without Slack', () => {
  it('says there is nobody to link to and exits 1', async () => {
    const kap = await startKapForTest();
    try {
      const repo = gitRepo('dana@acme.dev');
      const result = await runKapCli(['link', 'AAAAA-AAAAA'], { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir, ...repo.env }, repo.cwd);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('kap: this Kap runs without Slack: there is nobody to link to\n');
    } finally {
      await kap.close();
    }
  });
});
