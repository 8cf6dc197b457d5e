/**
 * End to end with the real `claude` CLI against a scripted Messages API: Kap's hooks installed by
 * `kap hooks install --project`, a real session (TodoWrite, Read, failing then passing Bash, Write, Edit,
 * an Agent subagent, a second prompt through `--resume`) → `kap show --json` equals an independent reading
 * of the transcript files. Then again with the ingest stopped mid-session and restarted: nothing lost.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../projections/sessionSummary.js';
import { sessionStream } from '../../stores/eventStore.js';
import { runClaude, subagentsDir, transcriptPath } from '../support/claudeCli.js';
import { startKapForTest } from '../support/kapHarness.js';
import type { KapUnderTest } from '../support/kapHarness.js';
import { countRaw, readRecords } from '../support/rawTranscriptCount.js';
import { startScriptedMessagesApi } from '../support/scriptedMessagesApi.js';
import type { ReplyStep } from '../support/scriptedMessagesApi.js';
import { codingSessionScript, SUBAGENT_MODEL } from '../support/sessionScript.js';

const run = promisify(execFile);
const KAP = resolve('dist/cli/main.js');
const TOOLS = ['Bash', 'Read', 'Write', 'Edit', 'TodoWrite', 'Agent'];

interface Workspace {
  home: string;
  cwd: string;
  collectorDir: string;
}

function workspace(): Workspace {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-e2e-home-')));
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-e2e-repo-')));
  const collectorDir = mkdtempSync(join(tmpdir(), 'kap-e2e-collector-'));
  writeFileSync(join(cwd, 'README.md'), '# widgets\n');
  return { home, cwd, collectorDir };
}

async function gitRepo(cwd: string): Promise<void> {
  const git = (...args: string[]) => run('git', ['-C', cwd, ...args]);
  await git('init', '-q', '-b', 'feature/fix-add');
  await git('config', 'user.name', 'Jordan Lee');
  await git('config', 'user.email', 'jordan@example.com');
  await git('remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
}

async function kapCli(args: string[], env: Record<string, string>, cwd?: string): Promise<string> {
  const { stdout } = await run(process.execPath, [KAP, ...args], { env: { ...process.env, ...env }, cwd });
  return stdout;
}

function transcriptFiles(ws: Workspace, sessionId: string): string[] {
  const dir = subagentsDir(ws.home, ws.cwd, sessionId);
  const subagents = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.jsonl')).map((n) => join(dir, n)) : [];
  return [transcriptPath(ws.home, ws.cwd, sessionId), ...subagents];
}

/** Runs one prompt of the session with Kap's collector pointed at `kapUrl`. */
async function prompt(ws: Workspace, apiUrl: string, kap: { url: string; token: string }, text: string, resume?: string) {
  const result = await runClaude({
    cwd: ws.cwd,
    home: ws.home,
    prompt: text,
    apiUrl,
    allowedTools: TOOLS,
    ...(resume ? { resume } : {}),
    env: { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: ws.collectorDir, CLAUDE_CODE_ENABLE_TASKS: '0', KAP_LOG_LEVEL: 'debug' },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.sessionId!;
}

/** Polls `kap show --json` until it covers what the transcript files say, or gives up after `timeoutMs`. */
async function showWhenCaughtUp(kap: KapUnderTest, ws: Workspace, sessionId: string, timeoutMs = 30_000): Promise<SessionSummary> {
  const env = { KAP_URL: kap.url, KAP_TOKEN: kap.token };
  const deadline = Date.now() + timeoutMs;
  let last: SessionSummary | undefined;
  while (Date.now() < deadline) {
    const expected = countRaw(transcriptFiles(ws, sessionId));
    try {
      last = JSON.parse(await kapCli(['show', sessionId, '--json'], env)) as SessionSummary;
      if (JSON.stringify(last.tokens) === JSON.stringify(expected.tokens) && last.status === 'ended') return last;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last ?? ({} as SessionSummary);
}

function expectSummaryMatchesTranscript(summary: SessionSummary, ws: Workspace, sessionId: string): void {
  const raw = countRaw(transcriptFiles(ws, sessionId));
  expect(summary.tokens).toEqual(raw.tokens);
  expect(summary.tools).toEqual(raw.tools);
  expect([...summary.filesChanged].sort()).toEqual([...raw.filesChanged].sort());
  expect(summary.subagents).toBe(raw.subagents);
  expect(summary.prompts).toBe(raw.stringPrompts);
}

async function storedLineCount(kap: KapUnderTest, sessionId: string): Promise<number> {
  let n = 0;
  for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.type === 'TranscriptLine') n += 1;
  return n;
}

const rawLineCount = (ws: Workspace, sessionId: string) => transcriptFiles(ws, sessionId).reduce((sum, f) => sum + readRecords(f)!.length, 0);

describe('capturing a real Claude Code session', () => {
  const running: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close().catch(() => {});
  });

  it('records a session with hooks installed by `kap hooks install`, and `kap show --json` matches the transcript', async () => {
    const ws = workspace();
    await gitRepo(ws.cwd);
    const script = codingSessionScript(ws.cwd);
    const api = await startScriptedMessagesApi({ main: [...script.first.main, ...(script.second as ReplyStep[])], subagent: script.first.subagent });
    const kap = await startKapForTest();
    running.push(api, kap);
    await kapCli(['hooks', 'install', '--project'], { KAP_DATA_DIR: ws.collectorDir }, ws.cwd);

    const sessionId = await prompt(ws, api.url, kap, 'Fix the failing add test and write notes');
    const again = await prompt(ws, api.url, kap, 'Show me the notes', sessionId);
    expect(again).toBe(sessionId);

    const summary = await showWhenCaughtUp(kap, ws, sessionId);
    if (summary.status !== 'ended') {
      for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.metadata.source === 'hook') console.log(e.revision, e.type, e.metadata.observedAt);
    }
    expectSummaryMatchesTranscript(summary, ws, sessionId);
    expect(summary.tools).toEqual({ TodoWrite: 1, Read: 1, Bash: 4, Write: 1, Edit: 1, Agent: 1 });
    expect(summary.filesChanged).toEqual([join(ws.cwd, 'NOTES.md')]);
    expect(Object.keys(summary.tokens).sort()).toContain(SUBAGENT_MODEL);
    expect(summary.toolErrors).toBe(1);
    expect(summary).toMatchObject({ repo: 'acme/widgets', branch: 'feature/fix-add', user: 'Jordan Lee <jordan@example.com>', cwd: ws.cwd, status: 'ended', prompts: 2, lastPrompt: 'Show me the notes' });
    expect(await storedLineCount(kap, sessionId)).toBe(rawLineCount(ws, sessionId));
    const hookTypes = new Set<string>();
    for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.metadata.source === 'hook') hookTypes.add(e.type);
    // The hooked events this session fires (collector/hookedEvents.ts), and none of those Kap no longer hooks.
    for (const name of ['SessionStart', 'UserPromptSubmit', 'PostToolUse', 'PostToolUseFailure', 'Stop', 'SessionEnd']) {
      expect(hookTypes, name).toContain(name);
    }
    for (const name of ['PreToolUse', 'PostToolBatch', 'SubagentStart', 'SubagentStop']) expect(hookTypes, name).not.toContain(name);
  }, 180_000);

  it('loses nothing when the ingest is stopped mid-session and restarted later', async () => {
    const ws = workspace();
    const script = codingSessionScript(ws.cwd);
    const third: ReplyStep[] = [{ text: 'Still here.', usage: { input_tokens: 33, output_tokens: 11 } }];
    const api = await startScriptedMessagesApi({ main: [...script.first.main, ...(script.second as ReplyStep[]), ...third], subagent: script.first.subagent });
    running.push(api);
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-e2e-server-'));
    mkdirSync(join(ws.cwd, '.claude'));
    await kapCli(['hooks', 'install', '--project'], { KAP_DATA_DIR: ws.collectorDir }, ws.cwd);

    const first = await startKapForTest(dataDir);
    const sessionId = await prompt(ws, api.url, first, 'Fix the failing add test and write notes');
    await first.settled([sessionId]).catch(() => {});
    await first.close();

    // The ingest is down: the second prompt's hooks spool.
    await prompt(ws, api.url, first, 'Show me the notes', sessionId);
    const spool = join(ws.collectorDir, 'collector', 'spool');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(existsSync(spool) && readdirSync(spool).some((n) => n.endsWith('.json')))) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(spool).filter((n) => n.endsWith('.json')).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_000)); // let the last detached collectors finish spooling

    // Back at the same URL, as a restarted ingest is: the drainer still lingering on the spool ships it too.
    const second = await startKapForTest(dataDir, { KAP_PORT: new URL(first.url).port });
    running.push(second);
    await prompt(ws, api.url, second, 'Anything else?', sessionId);

    const summary = await showWhenCaughtUp(second, ws, sessionId);
    if (summary.prompts !== 3) {
      const collector = join(ws.collectorDir, 'collector');
      for (const dir of ['inbox', 'spool', 'rejected', 'offsets']) if (existsSync(join(collector, dir))) console.log(dir, readdirSync(join(collector, dir)));
      if (existsSync(join(collector, 'collector.log'))) console.log(readFileSync(join(collector, 'collector.log'), 'utf8').slice(-3000));
    }
    expectSummaryMatchesTranscript(summary, ws, sessionId);
    expect(summary.prompts).toBe(3);
    expect(await storedLineCount(second, sessionId)).toBe(rawLineCount(ws, sessionId));
    // A spooled batch's file goes once the ingest has answered, a moment after the append the summary shows.
    for (const until = Date.now() + 10_000; readdirSync(spool).some((n) => n.endsWith('.json')) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(spool).filter((n) => n.endsWith('.json'))).toEqual([]);
  }, 180_000);
});
