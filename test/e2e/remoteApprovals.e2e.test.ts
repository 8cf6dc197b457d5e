/**
 * Remote approvals with the real `claude`, run interactively in a terminal (tmux) against the scripted
 * Messages API: Kap's hooks installed with `kap hooks install --remote-approvals` in an isolated HOME; the
 * scripted model asks for a Bash call no rule allows; the request is asked in the owner's DM (the Slack
 * stand-in); a signed Allow click into the bot lets the tool run without anyone answering in the terminal,
 * and `PermissionDecided` names who allowed it. Claude Code (2.1.197, interactive) shows its own prompt while
 * the hook waits, so the terminal can always answer first; with Kap stopped that prompt is all there is.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_MEMBERS, CONTRACT_USERS, OWNER, OWNER_EMAIL } from '../../access/readRule.contract.js';
import { PERMISSION_DECIDED } from '../../events/kapEventTypes.js';
import { APPROVAL_ALLOW_ACTION_ID } from '../../renderers/approvalBlocks.js';
import type { JsonObject } from '../../stores/eventStore.js';
import { sessionStream } from '../../stores/eventStore.js';
import { startKapForTest } from '../support/kapHarness.js';
import type { KapUnderTest } from '../support/kapHarness.js';
import { lastToolResults, startScriptedMessagesApi } from '../support/scriptedMessagesApi.js';
import type { RecordedRequest, Reply } from '../support/scriptedMessagesApi.js';
import { startSlackStandIn } from '../support/slackApiStandIn.js';
import type { RecordedCall } from '../support/slackApiStandIn.js';
import { postInteraction } from '../support/slackSigning.js';

const run = promisify(execFile);
const KAP = resolve('dist/cli/main.js');
const CLAUDE = resolve('node_modules/.bin/claude');
const SECRET = 'kap-approvals-e2e-signing-secret-0123';
const BOT_TOKEN = 'xoxb-kap-approvals-e2e';
const API_KEY = 'sk-ant-api03-kap-approvals-e2e-0000000000000000';

interface Workspace {
  home: string;
  cwd: string;
  dataDir: string;
  target: string;
}

async function workspace(): Promise<Workspace> {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-approvals-home-')));
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-approvals-repo-')));
  const dataDir = mkdtempSync(join(tmpdir(), 'kap-approvals-collector-'));
  writeFileSync(join(cwd, 'README.md'), '# widgets\n');
  const git = (...args: string[]) => run('git', ['-C', cwd, ...args]);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Dana Reyes');
  await git('config', 'user.email', OWNER_EMAIL);
  // First-run screens answered already: onboarding done, this folder trusted, the API key approved.
  writeFileSync(
    join(home, '.claude.json'),
    JSON.stringify({ hasCompletedOnboarding: true, projects: { [cwd]: { hasTrustDialogAccepted: true } }, customApiKeyResponses: { approved: [API_KEY.slice(-20)], rejected: [] } }),
  );
  return { home, cwd, dataDir, target: join(cwd, 'approved.txt') };
}

/** The scripted model: one Bash call writing `target`, then it says whether the tool ran. */
const script = (target: string) => (req: RecordedRequest): Reply | undefined => {
  if (req.kind !== 'main') return undefined;
  const results = lastToolResults(req);
  if (results.length > 0) return { text: results[0]!.is_error ? 'the tool was refused' : 'the tool ran' };
  return { toolUses: [{ name: 'Bash', input: { command: `echo hi > ${target}`, description: 'Write a file' } }] };
};

/** A tmux session running `claude` interactively. */
class Terminal {
  constructor(readonly name: string) {}
  static start(ws: Workspace, env: Record<string, string>, sessionId: string): Terminal {
    const name = `kap-approvals-${randomUUID().slice(0, 8)}`;
    const vars = Object.entries({ HOME: ws.home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${shellQuote(v)}`);
    const command = `cd ${shellQuote(ws.cwd)} && env -i ${vars.join(' ')} ${shellQuote(CLAUDE)} --session-id ${sessionId}`;
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '200', '-y', '50', command]);
    return new Terminal(name);
  }
  pane(): string {
    try {
      return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
    } catch {
      return '';
    }
  }
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }
  async type(text: string): Promise<void> {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
    await sleep(300);
    this.keys('Enter');
  }
  async until(what: string, done: (pane: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pane = this.pane();
      if (done(pane)) return pane;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}:\n${pane}`);
      await sleep(200);
    }
  }
  close(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const decisions = async (kap: KapUnderTest, sessionId: string): Promise<JsonObject[]> => {
  const out: JsonObject[] = [];
  for await (const e of kap.store.readStream(sessionStream(sessionId))) if (e.type === PERMISSION_DECIDED) out.push(e.data);
  return out;
};

describe('remote approvals with the real claude in a terminal', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setUp() {
    const ws = await workspace();
    const api = await startScriptedMessagesApi(script(ws.target));
    cleanup.push(() => api.close());
    const slack = await startSlackStandIn({ botToken: BOT_TOKEN, users: CONTRACT_USERS, members: CONTRACT_MEMBERS });
    cleanup.push(() => slack.close());
    const kap = await startKapForTest(undefined, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, KAP_PUBLIC_URL: 'https://kap.example.test' });
    let stopped = false;
    const stopKap = async () => {
      if (!stopped) await kap.close();
      stopped = true;
    };
    cleanup.push(stopKap);
    const kapEnv = { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: ws.dataDir, KAP_APPROVAL_TIMEOUT_S: '30' };
    await run(process.execPath, [KAP, 'hooks', 'install', '--user', '--remote-approvals'], { env: { ...process.env, HOME: ws.home, ...kapEnv } });
    const sessionId = randomUUID();
    const terminal = Terminal.start(ws, { ...kapEnv, ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: API_KEY, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1' }, sessionId);
    cleanup.push(() => terminal.close());
    return { ws, api, slack, kap, stopKap, terminal, sessionId };
  }

  it('asks the owner in Slack; their Allow runs the tool without anyone answering in the terminal, recorded with who', async () => {
    const { ws, api, slack, kap, terminal, sessionId } = await setUp();
    await terminal.until('the prompt box', (p) => p.includes('? for shortcuts'));
    // The session is known to Kap (SessionStart, with its git owner) before the request comes.
    await kap.summaryWhen(sessionId, () => true, 20_000);
    await terminal.type('write the file');

    const request = await until<RecordedCall>('the request in the owner’s DM', () => slack.accepted('chat.postMessage').find((c) => c.args.channel === OWNER), 30_000);
    const actions = (request.args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>).find((b) => b.type === 'actions')!;
    const value = actions.elements!.find((e) => e.action_id === APPROVAL_ALLOW_ACTION_ID)!.value!;
    // Claude Code (2.1.197, interactive) shows its own prompt while the hook waits: whichever answers first wins.
    await terminal.until('Claude Code’s own prompt beside the hook', (p) => p.includes('Do you want to proceed?'));
    await sleep(500);
    expect(existsSync(ws.target)).toBe(false);
    const click = await postInteraction(
      `${kap.url}/slack/events`,
      {
        type: 'block_actions',
        trigger_id: 'trig.approvals.e2e.1',
        user: { id: OWNER },
        team: { id: 'T0KAP' },
        channel: { id: 'D0OWNER' },
        container: { type: 'message', channel_id: 'D0OWNER', message_ts: String(request.response.ts) },
        actions: [{ type: 'button', action_id: APPROVAL_ALLOW_ACTION_ID, value, action_ts: '1763000001.1' }],
      },
      { signingSecret: SECRET },
    );
    expect(click.status).toBe(200);

    await until('the file the allowed tool wrote', () => (existsSync(ws.target) ? true : undefined), 30_000);
    await until('the tool_result sent to the model', () => (api.messageRequests('main').some((r) => lastToolResults(r).some((t) => !t.is_error)) ? true : undefined), 30_000);
    const after = await terminal.until('the model’s answer', (p) => p.includes('the tool ran'));
    expect(after).not.toContain('Do you want to proceed?');
    expect(await decisions(kap, sessionId)).toEqual([expect.objectContaining({ by: OWNER, behavior: 'allow', toolName: 'Bash' })]);
  }, 120_000);

  it('with Kap stopped, Claude Code shows its own permission prompt at once, and the terminal’s answer stands', async () => {
    const { ws, slack, kap, stopKap, terminal, sessionId } = await setUp();
    await terminal.until('the prompt box', (p) => p.includes('? for shortcuts'));
    await kap.summaryWhen(sessionId, () => true, 20_000);
    await stopKap();
    const asked = Date.now();
    await terminal.type('write the file');
    const pane = await terminal.until('Claude Code’s own permission prompt', (p) => /Do you want to proceed\?/i.test(p), 20_000);
    expect(pane).toContain('echo hi');
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect(existsSync(ws.target)).toBe(false);
    terminal.keys('Enter'); // 1. Yes
    await terminal.until('the model’s answer', (p) => p.includes('the tool ran'));
    expect(existsSync(ws.target)).toBe(true);
    expect(slack.accepted('chat.postMessage').filter((c) => c.args.channel === OWNER)).toEqual([]);
  }, 120_000);
});
