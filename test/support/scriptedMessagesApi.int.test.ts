/**
 * Runs the real Claude Code CLI (node_modules/.bin/claude) against the scripted Messages API.
 * Each test gets its own temp HOME and cwd; nothing leaves the loopback interface.
 */
import { mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonl, runClaude, subagentsDir, transcriptPath } from './claudeCli.js';
import type { RunClaudeResult } from './claudeCli.js';
import { firstUserText, lastToolResults, startScriptedMessagesApi } from './scriptedMessagesApi.js';
import type { Script, ScriptedMessagesApi } from './scriptedMessagesApi.js';

const TEST_TIMEOUT_MS = 90_000;

interface TranscriptLine {
  type?: string;
  message?: { role?: string; content?: unknown; usage?: Record<string, number>; model?: string };
  requestId?: string;
  isSidechain?: boolean;
  agentId?: string;
}

describe('scripted Messages API + real claude CLI', () => {
  let home: string;
  let cwd: string;
  let api: ScriptedMessagesApi | undefined;

  beforeEach(async () => {
    home = await realpath(await mkdtemp(join(tmpdir(), 'kap-home-')));
    cwd = await realpath(await mkdtemp(join(tmpdir(), 'kap-cwd.')));
  });

  afterEach(async () => {
    await api?.close();
    api = undefined;
    await rm(home, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  });

  async function start(script: Script): Promise<ScriptedMessagesApi> {
    api = await startScriptedMessagesApi(script);
    return api;
  }

  function run(server: ScriptedMessagesApi, prompt: string, extra: { resume?: string; allowedTools?: string[] } = {}): Promise<RunClaudeResult> {
    return runClaude({ cwd, home, prompt, apiUrl: server.url, allowedTools: extra.allowedTools ?? ['Bash'], resume: extra.resume });
  }

  async function transcript(sessionId: string): Promise<TranscriptLine[]> {
    return (await readJsonl(transcriptPath(home, cwd, sessionId)));
  }

  it('completes a text-only session and writes the transcript with the scripted usage', async () => {
    const usage = { input_tokens: 321, output_tokens: 54, cache_read_input_tokens: 7, cache_creation_input_tokens: 9 };
    const server = await start([{ text: 'hello from the script', usage }]);

    const run1 = await run(server, 'say hello');

    expect(run1.exitCode, run1.stderr).toBe(0);
    expect(run1.result?.result).toBe('hello from the script');
    expect(run1.result?.is_error).toBe(false);
    expect(run1.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const sessionId = run1.sessionId ?? '';
    expect(existsSync(transcriptPath(home, cwd, sessionId))).toBe(true);

    const lines = await transcript(sessionId);
    const assistant = lines.filter((l) => l.type === 'assistant');
    expect(assistant).toHaveLength(1);
    expect(assistant[0]?.message?.usage).toMatchObject(usage);
    expect(assistant[0]?.requestId).toMatch(/^req_scripted_/);
    expect(lines.some((l) => l.type === 'user' && l.message?.content === 'say hello')).toBe(true);

    const main = server.messageRequests('main');
    expect(main).toHaveLength(1);
    expect(main[0]?.path).toBe('/v1/messages?beta=true');
    expect(main[0]?.body?.stream).toBe(true);
    expect(main[0]?.headers['x-api-key']).toBe('test');
  }, TEST_TIMEOUT_MS);

  it('runs scripted Bash and Write tool calls for real in the cwd', async () => {
    const file = join(cwd, 'out.txt');
    const server = await start([
      { text: 'Running a command.', toolUses: [{ name: 'Bash', input: { command: 'echo hi', description: 'Say hi' } }] },
      { toolUses: [{ name: 'Write', input: { file_path: file, content: 'written by the script\n' } }] },
      { text: 'All done.' },
    ]);

    const result = await run(server, 'do it', { allowedTools: ['Bash', 'Write'] });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.result?.result).toBe('All done.');
    expect(result.result?.num_turns).toBe(3);
    expect(await readFile(file, 'utf8')).toBe('written by the script\n');

    const main = server.messageRequests('main');
    expect(main).toHaveLength(3);
    const bashResult = main[1] === undefined ? [] : lastToolResults(main[1]);
    expect(bashResult).toHaveLength(1);
    expect(bashResult[0]?.content).toBe('hi');
    expect(bashResult[0]?.is_error).toBe(false);

    const lines = await transcript(result.sessionId ?? '');
    const toolUses = lines.flatMap((l) => contentBlocks(l).filter((b) => b.type === 'tool_use').map((b) => b.name));
    expect(toolUses).toEqual(['Bash', 'Write']);
  }, TEST_TIMEOUT_MS);

  it('continues the same session id and transcript with --resume', async () => {
    const server = await start([{ text: 'first answer' }, { text: 'second answer' }]);

    const first = await run(server, 'first prompt');
    expect(first.exitCode, first.stderr).toBe(0);
    const sessionId = first.sessionId ?? '';
    const second = await run(server, 'second prompt', { resume: sessionId });

    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.sessionId).toBe(sessionId);
    expect(second.result?.result).toBe('second answer');
    const projectDir = dirname(transcriptPath(home, cwd, sessionId));
    expect((await readdir(projectDir)).filter((f) => f.endsWith('.jsonl'))).toEqual([`${sessionId}.jsonl`]);
    const prompts = (await transcript(sessionId)).filter((l) => l.type === 'user' && typeof l.message?.content === 'string');
    expect(prompts.map((l) => l.message?.content)).toEqual(['first prompt', 'second prompt']);
    // The resumed request carries the earlier exchange.
    const resumed = server.messageRequests('main')[1];
    expect(JSON.stringify(resumed?.body?.messages)).toContain('first answer');
  }, TEST_TIMEOUT_MS);

  it('scripts a subagent separately from the main agent', async () => {
    const server = await start({
      main: [
        { toolUses: [{ name: 'Agent', input: { description: 'Look around', prompt: 'sub: list files', subagent_type: 'general-purpose' } }] },
        { text: 'main done' },
      ],
      subagent: [
        (req) => ({ toolUses: [{ name: 'Bash', input: { command: `echo ${firstUserText(req).split(':')[0] ?? ''}`, description: 'Echo' } }] }),
        { text: 'subagent report' },
      ],
    });

    const result = await run(server, 'delegate', { allowedTools: ['Agent', 'Bash'] });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.result?.result).toBe('main done');
    expect(server.messageRequests().map((r) => r.kind)).toEqual(['main', 'subagent', 'subagent', 'main']);
    const subRequests = server.messageRequests('subagent');
    expect(firstUserText(subRequests[0] ?? never())).toBe('sub: list files');
    expect(subRequests[1] === undefined ? [] : lastToolResults(subRequests[1])).toMatchObject([{ content: 'sub', is_error: false }]);

    const dir = subagentsDir(home, cwd, result.sessionId ?? '');
    const agentFiles = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
    expect(agentFiles).toHaveLength(1);
    const agentLines = (await readJsonl(join(dir, agentFiles[0] ?? ''))) as TranscriptLine[];
    expect(agentLines.every((l) => l.isSidechain === true)).toBe(true);
    expect(agentLines.some((l) => contentBlocks(l).some((b) => b.text === 'subagent report'))).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('reports a scripted HTTP error and answers "done" once the script is exhausted', async () => {
    const failing = await start([{ error: { status: 400, type: 'invalid_request_error', message: 'scripted failure' } }]);
    const failed = await run(failing, 'fail please');
    expect(failed.exitCode).toBe(1);
    expect(failed.result?.is_error).toBe(true);
    expect(failed.result?.result).toContain('scripted failure');
    await failing.close();

    const empty = await start([]);
    const done = await run(empty, 'anything');
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.result?.result).toBe('done');
  }, TEST_TIMEOUT_MS);
});

interface Block {
  type?: string;
  name?: string;
  text?: string;
}

function contentBlocks(line: TranscriptLine): Block[] {
  const content = line.message?.content;
  return Array.isArray(content) ? (content as Block[]) : [];
}

function never(): never {
  throw new Error('missing request');
}
