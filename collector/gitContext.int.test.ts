/**
 * The session's owner as the collector sees it (issue #11): `readGitContext` reads the git user, the OS
 * user and the host in the session's cwd, and they reach the summary (`user`, `osUser`, `host`) and the
 * owner `GET /v1/sessions/:id` answers, through the drainer and the ingest.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { addToInbox, collectorPaths } from './collectorState.js';
import { drainInbox, emptyReport } from './drainInbox.js';
import { osUserName, readGitContext } from './gitContext.js';

/** A git repository of Dana's with an origin remote and a branch. */
function danasRepo(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'kap-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd });
  git('init', '-q', '-b', 'fix/rounding');
  git('config', 'user.name', 'Dana Reyes');
  git('config', 'user.email', 'dana@acme.dev');
  git('remote', 'add', 'origin', 'git@github.com:acme/payments-api.git');
  git('-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', 'start'); // a branch has a name once it has a commit
  return cwd;
}

describe('the owner as the collector sees it', () => {
  let kap: KapUnderTest;
  beforeAll(async () => {
    kap = await startKapForTest();
  });
  afterAll(() => kap?.close());

  it('readGitContext reports the repository, branch, git user, OS user and host of the cwd', async () => {
    const cwd = danasRepo();
    expect(await readGitContext(cwd)).toEqual({ repo: 'acme/payments-api', branch: 'fix/rounding', gitUser: 'Dana Reyes <dana@acme.dev>', host: hostname(), osUser: osUserName() });
  });

  it('the OS user reaches the summary and the owner through the drainer and the ingest', async () => {
    const cwd = danasRepo();
    const paths = collectorPaths(mkdtempSync(join(tmpdir(), 'kap-collector-')));
    const session = '05e40000-0000-4000-8000-000000000001';
    addToInbox(paths, new Date(Date.now() - 1000), '1', JSON.stringify({ session_id: session, hook_event_name: 'UserPromptSubmit', prompt: 'whose is this', cwd }));
    const report = emptyReport();
    await drainInbox({ paths, target: { url: kap.url, token: kap.token, timeoutMs: 5_000 }, now: () => new Date(), logger: pino({ level: 'silent' }), readContext: readGitContext }, report);
    expect(report.shipped).toBe(1);
    const summary = await kap.summaryWhen(session, (s) => s.lastPrompt === 'whose is this');
    expect(summary).toMatchObject({ user: 'Dana Reyes <dana@acme.dev>', osUser: osUserName(), host: hostname(), repo: 'acme/payments-api' });
    const { body } = await kap.get<{ owner: unknown }>(`/v1/sessions/${session}`);
    expect(body.owner).toEqual({ slackUserId: null, email: 'dana@acme.dev', osUser: osUserName(), host: hostname(), name: 'Dana Reyes' });
  });
});
