/**
 * Continuing elsewhere a session Kap recorded: a scripted Claude Code session (with a subagent) runs in
 * HOME A and cwd A; `kap import`'s path brings its transcript files into a test Kap; the stream read back
 * from the EventStore is rebuilt into HOME B for another cwd, and `claude --resume` there (through the
 * ClaudeCliRunner) sends the model the earlier conversation.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import { sessionStream } from '../stores/eventStore.js';
import { runnerEnv } from '../test/support/agentHost.js';
import { claudeBinary, subagentsDir, transcriptPath } from '../test/support/claudeCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import type { TurnRequest } from './agentRunner.js';
import { createClaudeCliRunner } from './claudeCliRunner.js';
import { claudeProjectDir } from './claudeProjectDir.js';
import { rebuildTranscript } from './transcriptRebuild.js';

const tmp = (prefix: string) => realpathSync(mkdtempSync(join(tmpdir(), prefix)));
const onPermission: TurnRequest['onPermission'] = async () => ({ behavior: 'deny', message: 'not in this test' });

describe('rebuildTranscript', () => {
  const closing: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c.close();
  });

  it('writes the stream back so that --resume in another cwd and HOME continues the conversation', async () => {
    const api = await startScriptedMessagesApi({
      main: [
        { toolUses: [{ name: 'Agent', input: { description: 'count', prompt: 'Count the widgets', subagent_type: 'general-purpose' } }] },
        { text: 'There are 3 widgets.' },
        { text: 'Yes, still 3.' },
      ],
      subagent: [{ text: 'three widgets' }],
    });
    const kap = await startKapForTest();
    closing.push(api, kap);

    // The session, somewhere else: HOME A, cwd A.
    const homeA = tmp('kap-rebuild-homeA-');
    const cwdA = tmp('kap-rebuild-cwdA-');
    writeFileSync(join(cwdA, 'README.md'), '# widgets\n');
    const runnerA = createClaudeCliRunner({ claudePath: claudeBinary(), env: runnerEnv(api.url, homeA) });
    const first = await runnerA.runTurn({ resume: null, cwd: cwdA, prompt: 'How many widgets are there?', allowedTools: ['Agent'], onPermission });
    if (!first.ok) throw new Error(first.message);
    expect(first.text).toBe('There are 3 widgets.');
    const sessionId = first.sessionId;
    const mainA = transcriptPath(homeA, cwdA, sessionId);
    const subagentFiles = readdirSync(subagentsDir(homeA, cwdA, sessionId)).filter((n) => n.endsWith('.jsonl'));
    expect(subagentFiles).toHaveLength(1);

    // Into Kap through the import path, and back out of the EventStore.
    const target = { url: kap.url, token: kap.token, timeoutMs: 30_000 };
    const report = await importFiles(findImportFiles([mainA, join(subagentsDir(homeA, cwdA, sessionId), subagentFiles[0]!)]), { send: (batch) => postBatch(target, batch) });
    expect(report.errors).toEqual([]);

    // HOME B, cwd B: claude does not know the session yet.
    const homeB = tmp('kap-rebuild-homeB-');
    const cwdB = tmp('kap-rebuild-cwdB-');
    const runnerB = createClaudeCliRunner({ claudePath: claudeBinary(), env: runnerEnv(api.url, homeB) });
    const turnB = () => runnerB.runTurn({ resume: sessionId, cwd: cwdB, prompt: 'Are there still 3?', allowedTools: [], onPermission });
    expect(await turnB()).toMatchObject({ ok: false, reason: 'RESUME_NOT_FOUND' });

    const rebuilt = await rebuildTranscript({ claudeHome: homeB, cwd: cwdB, sessionId, events: kap.store.readStream(sessionStream(sessionId)) });
    const mainB = join(claudeProjectDir(homeB, cwdB), `${sessionId}.jsonl`);
    const subagentB = join(claudeProjectDir(homeB, cwdB), sessionId, 'subagents', subagentFiles[0]!);
    expect(rebuilt).toMatchObject({ ok: true, paths: [mainB, subagentB], skippedFiles: [] });
    // Byte for byte what Claude Code wrote in HOME A.
    expect(readFileSync(mainB, 'utf8')).toBe(readFileSync(mainA, 'utf8'));
    expect(readFileSync(subagentB, 'utf8')).toBe(readFileSync(join(subagentsDir(homeA, cwdA, sessionId), subagentFiles[0]!), 'utf8'));

    const resumed = await turnB();
    expect(resumed).toMatchObject({ ok: true, sessionId, text: 'Yes, still 3.' });
    const conversation = JSON.stringify(api.messageRequests('main').at(-1)?.body?.messages);
    expect(conversation).toContain('How many widgets are there?');
    expect(conversation).toContain('There are 3 widgets.');
    expect(conversation).toContain('three widgets'); // the subagent's answer, as the Agent tool's result
    expect(conversation).toContain('Are there still 3?');
    // The new turn is appended to the rebuilt file, with the new cwd.
    const appended = readFileSync(mainB, 'utf8').slice(readFileSync(mainA, 'utf8').length);
    expect(appended).toContain(`"cwd":${JSON.stringify(cwdB)}`);

    // The host has it now: a second rebuild does not overwrite it unless asked.
    const again = await rebuildTranscript({ claudeHome: homeB, cwd: cwdB, sessionId, events: kap.store.readStream(sessionStream(sessionId)) });
    expect(again).toMatchObject({ ok: false, reason: 'TRANSCRIPT_EXISTS' });
  });

  it('NO_TRANSCRIPT for a stream without transcript lines; nothing is written', async () => {
    const home = tmp('kap-rebuild-home-');
    const cwd = tmp('kap-rebuild-cwd-');
    const none = (async function* () {})();
    const result = await rebuildTranscript({ claudeHome: home, cwd, sessionId: '0b5c9d7e-1111-4222-8333-944445555666', events: none });
    expect(result).toMatchObject({ ok: false, reason: 'NO_TRANSCRIPT' });
    expect(existsSync(join(home, '.claude'))).toBe(false);
  });
});
