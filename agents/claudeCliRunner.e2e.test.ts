/**
 * The Claude Code CLI runner end to end: the real `claude` (2.1.197) against the scripted Messages API, an
 * isolated HOME per test. A turn's answer and session id, `--resume`, permission asks answered both ways, a
 * stop (mid-request, mid-tool, mid-ask), the time limit, an unknown session id and an API error.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processesIn, runnerEnv } from '../test/support/agentHost.js';
import { claudeBinary } from '../test/support/claudeCli.js';
import { lastToolResults, startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import type { Script, ScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import type { PermissionAsk, TurnRequest } from './agentRunner.js';
import { createClaudeCliRunner } from './claudeCliRunner.js';

const tmp = (prefix: string) => realpathSync(mkdtempSync(join(tmpdir(), prefix)));
const denyAll: TurnRequest['onPermission'] = async () => ({ behavior: 'deny', message: 'not in this test' });

describe('ClaudeCliRunner', () => {
  const apis: ScriptedMessagesApi[] = [];
  afterEach(async () => {
    for (const api of apis.splice(0)) await api.close();
  });

  /** A scripted API (the script may depend on the session's cwd), an isolated HOME and cwd, and a runner. */
  async function setUp(script: Script | { forCwd: (cwd: string) => Script }, runnerOptions: { timeoutMs?: number } = {}) {
    const home = tmp('kap-agent-home-');
    const cwd = tmp('kap-agent-cwd-');
    const api = await startScriptedMessagesApi(typeof script === 'object' && 'forCwd' in script ? script.forCwd(cwd) : script);
    apis.push(api);
    const runner = createClaudeCliRunner({ claudePath: claudeBinary(), env: runnerEnv(api.url, home), ...runnerOptions });
    const turn = (request: Partial<TurnRequest>) =>
      runner.runTurn({ resume: null, cwd, prompt: 'hello', allowedTools: ['Read'], onPermission: denyAll, ...request });
    return { api, cwd, turn };
  }

  it('answers a new turn with the scripted text and a session id, and --resume continues that session', async () => {
    const { api, turn } = await setUp({ main: [{ text: 'The build is green.' }, { text: 'Still green.' }] });
    const named: string[] = [];
    const first = await turn({ prompt: 'Is the build green?', onSessionId: (id) => named.push(id) });
    expect(first).toMatchObject({ ok: true, text: 'The build is green.', interrupted: false, numTurns: 1 });
    if (!first.ok) return;
    expect(first.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // Named once, as soon as Claude Code said it (system/init), the same id the result gives.
    expect(named).toEqual([first.sessionId]);
    expect(first.costUsd).toBeGreaterThan(0);

    const second = await turn({ prompt: 'And now?', resume: first.sessionId });
    expect(second).toMatchObject({ ok: true, sessionId: first.sessionId, text: 'Still green.' });
    const conversation = JSON.stringify(api.messageRequests('main').at(-1)?.body?.messages);
    expect(conversation).toContain('Is the build green?');
    expect(conversation).toContain('The build is green.');
    expect(conversation).toContain('And now?');
  });

  it('asks onPermission for a tool outside allowedTools; allow runs the tool with its input', async () => {
    const asks: PermissionAsk[] = [];
    const { cwd, turn } = await setUp({
      forCwd: (cwd) => ({ main: [{ toolUses: [{ name: 'Write', input: { file_path: join(cwd, 'NOTES.md'), content: '# Notes\n' } }] }, { text: 'Written.' }] }),
    });
    const notes = join(cwd, 'NOTES.md');
    const result = await turn({
      onPermission: async (ask) => {
        asks.push(ask);
        return { behavior: 'allow' };
      },
    });
    expect(result).toMatchObject({ ok: true, text: 'Written.' });
    expect(asks).toEqual([{ toolName: 'Write', input: { file_path: notes, content: '# Notes\n' }, toolUseId: expect.stringMatching(/^toolu_/), description: expect.any(String) }]);
    expect(readFileSync(notes, 'utf8')).toBe('# Notes\n');
    expect(processesIn(cwd)).toEqual([]);
  });

  it('deny keeps the tool from running and gives the model the message', async () => {
    const { api, cwd, turn } = await setUp({
      forCwd: (cwd) => ({ main: [{ toolUses: [{ name: 'Write', input: { file_path: join(cwd, 'denied.txt'), content: 'x' } }] }, { text: 'Understood.' }] }),
    });
    const result = await turn({ onPermission: async () => ({ behavior: 'deny', message: 'Not on main, please.' }) });
    expect(result).toMatchObject({ ok: true, text: 'Understood.' });
    expect(existsSync(join(cwd, 'denied.txt'))).toBe(false);
    expect(lastToolResults(api.messageRequests('main').at(-1)!)).toMatchObject([{ content: 'Not on main, please.', is_error: true }]);
  });

  it('a stop during a long model request interrupts the turn, leaves no process, and the session resumes', async () => {
    const stop = new AbortController();
    const { api, cwd, turn } = await setUp({
      main: [
        () => {
          stop.abort(); // the request has reached the API: the turn is running
          return { text: 'too late', delayMs: 30_000 };
        },
        { text: 'Back again.' },
      ],
    });
    const result = await turn({ prompt: 'Refactor the parser', signal: stop.signal });
    expect(result).toMatchObject({ ok: true, interrupted: true, text: '' });
    expect(processesIn(cwd)).toEqual([]);
    if (!result.ok) return;
    const next = await turn({ prompt: 'Just summarise instead', resume: result.sessionId });
    expect(next).toMatchObject({ ok: true, sessionId: result.sessionId, text: 'Back again.', interrupted: false });
    const conversation = JSON.stringify(api.messageRequests('main').at(-1)?.body?.messages);
    expect(conversation).toContain('Refactor the parser');
    expect(conversation).toContain('Just summarise instead');
  });

  it('permissionMode acceptEdits lets a Write in the cwd run without asking', async () => {
    const asks: PermissionAsk[] = [];
    const { cwd, turn } = await setUp({
      forCwd: (cwd) => ({ main: [{ toolUses: [{ name: 'Write', input: { file_path: join(cwd, 'accepted.txt'), content: 'ok\n' } }] }, { text: 'Saved.' }] }),
    });
    const onPermission: TurnRequest['onPermission'] = async (ask) => {
      asks.push(ask);
      return { behavior: 'deny', message: 'asked' };
    };
    expect(await turn({ permissionMode: 'acceptEdits', onPermission })).toMatchObject({ ok: true, text: 'Saved.' });
    expect(asks).toEqual([]);
    expect(readFileSync(join(cwd, 'accepted.txt'), 'utf8')).toBe('ok\n');
  });

  it('a stop while a Bash tool runs kills the tool: interrupted, no process left', async () => {
    const stop = new AbortController();
    const { cwd, turn } = await setUp({
      main: [{ text: 'Waiting on it.', toolUses: [{ name: 'Bash', input: { command: 'touch started && sleep 30' } }] }, { text: 'never' }],
    });
    const running = turn({ allowedTools: ['Bash'], signal: stop.signal });
    while (!existsSync(join(cwd, 'started'))) await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    const result = await running;
    expect(result).toMatchObject({ ok: true, interrupted: true, text: 'Waiting on it.' });
    expect(processesIn(cwd)).toEqual([]);
  });

  it('a stop while a permission ask waits withdraws the ask; the tool does not run', async () => {
    const stop = new AbortController();
    let withdrawn = false;
    const { cwd, turn } = await setUp({
      forCwd: (cwd) => ({ main: [{ toolUses: [{ name: 'Write', input: { file_path: join(cwd, 'late.txt'), content: 'x' } }] }, { text: 'never' }] }),
    });
    const result = await turn({
      signal: stop.signal,
      onPermission: async (_ask, { signal }) => {
        stop.abort();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        withdrawn = true;
        return { behavior: 'allow' };
      },
    });
    expect(result).toMatchObject({ ok: true, interrupted: true });
    expect(withdrawn).toBe(true);
    expect(existsSync(join(cwd, 'late.txt'))).toBe(false);
  });

  it('kills a turn that outlives the time limit: CLAUDE_FAILED, no process left', async () => {
    const { cwd, turn } = await setUp({ main: [{ text: 'slow', delayMs: 30_000 }] }, { timeoutMs: 1500 });
    const result = await turn({});
    expect(result).toMatchObject({ ok: false, reason: 'CLAUDE_FAILED', message: expect.stringContaining('no result after 1500 ms') });
    expect(processesIn(cwd)).toEqual([]);
  });

  it('--resume of an unknown session id is RESUME_NOT_FOUND', async () => {
    const { api, turn } = await setUp({ main: [] });
    const unknown = randomUUID();
    const result = await turn({ resume: unknown });
    expect(result).toEqual({ ok: false, reason: 'RESUME_NOT_FOUND', message: `No conversation found with session ID: ${unknown}`, sessionId: unknown });
    expect(api.messageRequests()).toEqual([]);
  });

  it('an API error is CLAUDE_FAILED with what Claude Code said, and the session id', async () => {
    const { turn } = await setUp({ main: [{ error: { status: 400, type: 'invalid_request_error', message: 'scripted refusal' } }] });
    const result = await turn({});
    expect(result).toMatchObject({ ok: false, reason: 'CLAUDE_FAILED', message: expect.stringContaining('scripted refusal'), sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
