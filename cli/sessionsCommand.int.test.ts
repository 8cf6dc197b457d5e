/**
 * `kap sessions`, `kap show` and `kap --version` as a person runs them (the CLI from source, against a Kap
 * started in this process): an aligned table with a header and a hint when more sessions exist, `--limit`
 * refused unless it is a whole number from 1 to 1000, `kap show` by an id prefix (unique → that session,
 * ambiguous → the candidates, none → not found) with the page link in its JSON.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKapCli } from '../test/support/kapCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';

const LOGIN = 'c0ffee01-aaaa-4000-8000-000000000001';
const NOTES = 'c0ffee01-bbbb-4000-8000-000000000002';
const README = 'd00dfeed-0000-4000-8000-000000000003';

describe('kap sessions, kap show and kap --version', () => {
  let kap: KapUnderTest;
  let env: Record<string, string>;
  const post = async (sessionId: string, prompt: string, at: string, context: Record<string, string>) => {
    const payload = { session_id: sessionId, hook_event_name: 'UserPromptSubmit', prompt, cwd: '/w' };
    const response = await fetch(`${kap.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, context, items: [{ kind: 'hook', observedAt: at, payload }] }),
    });
    expect(response.status).toBe(200);
  };
  beforeAll(async () => {
    kap = await startKapForTest();
    env = { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: kap.config.dataDir };
    await post(LOGIN, 'Fix the flaky login test', '2026-12-01T09:00:00Z', { repo: 'acme/app', branch: 'main' });
    await post(NOTES, 'Write the release notes', '2026-12-01T10:00:00Z', { repo: 'acme/app', branch: 'notes' });
    await post(README, 'Tidy the README', '2026-12-01T11:00:00Z', { repo: 'acme/docs', branch: 'main' });
    await kap.settled([LOGIN, NOTES, README]);
  }, 30_000);
  afterAll(() => kap?.close());

  it('lists sessions as a table whose columns line up under the header', async () => {
    const result = await runKapCli(['sessions'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const header = lines[0]!;
    expect(header).toMatch(/^SESSION\s+STATUS\s+LAST ACTIVITY\s+REPO@BRANCH\s+TITLE\s+PROMPTS\s+COST$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[0])).toEqual(['d00dfeed', 'c0ffee01-b', 'c0ffee01-a']);
    const row = lines[1]!;
    for (const [column, value] of [['LAST ACTIVITY', '2026-12-01 11:00'], ['REPO@BRANCH', 'acme/docs@main'], ['TITLE', 'Tidy the README']] as const) {
      expect(row.indexOf(value), column).toBe(header.indexOf(column));
    }
    expect(row).toMatch(/\s0 {2}\$0\.00$/); // a hook's prompt: the transcript counts prompts
  });

  it('says how many more there are when --limit stops the list short', async () => {
    const result = await runKapCli(['sessions', '--limit', '2'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(result.stderr).toBe('Showing 2 of 3 sessions — use --limit to see more.\n');
    const repo = await runKapCli(['sessions', '--repo', 'acme/none'], env);
    expect(repo).toMatchObject({ code: 0, stdout: 'No sessions in acme/none.\n', stderr: '' });
  });

  it.each(['0', '-1', 'abc', '2.5', '1001'])('refuses --limit %s: exit 1, the rule on stderr', async (limit) => {
    const result = await runKapCli(['sessions', '--limit', limit], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`option '--limit <n>' argument '${limit}' is invalid. It must be a whole number from 1 to 1000.`);
  });

  it('shows a session by a unique prefix of its id, with its page link in the JSON', async () => {
    const text = await runKapCli(['show', 'd00d'], env);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`Session ${README}`);
    // The link is signed with an expiry (web/linkSigner.ts): the same page, not the same string, each time.
    const pageOf = async (id: string) => new URL((await kap.get<{ url: string }>(`/v1/sessions/${id}/link`)).body.url);
    const page = await pageOf(README);
    expect(text.stdout).toContain(`\n  page:     ${page.origin}${page.pathname}?exp=`);

    const json = await runKapCli(['show', 'c0ffee01-a', '--json'], env);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout) as { sessionId: string; pageUrl: string; visibility: string };
    expect(shown).toMatchObject({ sessionId: LOGIN, visibility: 'channel' });
    const loginPage = await pageOf(LOGIN);
    expect(new URL(shown.pageUrl).pathname).toBe(loginPage.pathname);
    expect(new URL(shown.pageUrl).origin).toBe(loginPage.origin);
    expect(loginPage.pathname).toContain(LOGIN);
    expect(JSON.parse((await runKapCli(['show', LOGIN, '--json'], env)).stdout)).toMatchObject({ sessionId: LOGIN });
  });

  it('lists the candidates of an ambiguous prefix, and says when nothing starts with it: exit 1', async () => {
    const ambiguous = await runKapCli(['show', 'c0ffee01'], env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toBe('');
    expect(ambiguous.stderr).toMatch(/^kap: 2 sessions start with c0ffee01; give more of the id:\n/);
    expect(ambiguous.stderr.indexOf(NOTES)).toBeGreaterThan(0);
    expect(ambiguous.stderr.indexOf(LOGIN)).toBeGreaterThan(ambiguous.stderr.indexOf(NOTES));

    const none = await runKapCli(['show', 'eeee'], env);
    expect(none).toMatchObject({ code: 1, stdout: '', stderr: 'kap: no session eeee, nor one whose id starts with it\n' });
    const wildcard = await runKapCli(['show', 'c0ffee01_'], env);
    expect(wildcard).toMatchObject({ code: 1, stderr: 'kap: no session c0ffee01_, nor one whose id starts with it\n' });
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runKapCli(['--version'], {})).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
