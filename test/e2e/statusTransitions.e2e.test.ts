/**
 * End to end, the live status of a real Claude Code session (scripted Messages API, Kap's hooks installed
 * by `kap hooks install --project`): running → waiting on a permission request (naming the tool) →
 * running once the permission is allowed and the tool runs → idle at Stop → ended at SessionEnd.
 *
 * Print mode denies a tool outside `--allowedTools` without asking (no PermissionRequest), so the session
 * runs the way the Claude Agent SDK runs it: stream-json on both sides and `--permission-prompt-tool stdio`
 * (test/support/claudeStreamJson.ts). Claude Code then fires the PermissionRequest hook and waits for our
 * `control_response`; we answer only once Kap's read model shows the session waiting, and end the session
 * (close stdin) only once it shows idle.
 *
 * Hooks fired a few ms apart reach Kap out of order (the collector dates a hook by when its detached `cat`
 * finished writing): here the Read's PostToolBatch and the Write's own PreToolUse may land after the Write's
 * PermissionRequest. The fold keeps the wait for those (projections/hookStatus.ts), and this test runs
 * without spacing them. Only the final reply comes 500 ms after the tool, as a model's answer would: a
 * PostToolBatch dated after the Stop would read as running again, which no pause-free rule can tell apart.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { foldSessionEvent, initialSessionState } from '../../projections/sessionSummary.js';
import type { SessionStatus, SessionSummary } from '../../projections/sessionSummary.js';
import { sessionStream } from '../../stores/eventStore.js';
import type { RecordedEvent } from '../../stores/eventStore.js';
import { startClaudeStreamJson } from '../support/claudeStreamJson.js';
import { startKapForTest } from '../support/kapHarness.js';
import { startScriptedMessagesApi } from '../support/scriptedMessagesApi.js';

const run = promisify(execFile);
const KAP = resolve('dist/cli/main.js');
/** The model's pause before its final reply (see the module comment). */
const SPACING_MS = 500;

async function kapCli(args: string[], env: Record<string, string>, cwd?: string): Promise<string> {
  const { stdout } = await run(process.execPath, [KAP, ...args], { env: { ...process.env, ...env }, cwd });
  return stdout;
}

interface StatusChange {
  status: SessionStatus;
  waitingFor: string | null;
  /** The stream event that made the change. */
  by: string;
  tool?: string;
}

/** Replays the fold event by event and keeps each change of (status, waitingFor). */
function statusChanges(sessionId: string, events: readonly RecordedEvent[]): StatusChange[] {
  let state = initialSessionState(sessionId);
  const changes: StatusChange[] = [];
  for (const event of events) {
    const before = state.summary;
    state = foldSessionEvent(state, event);
    const after = state.summary;
    if (after.status === before.status && after.waitingFor === before.waitingFor) continue;
    const tool = typeof event.data.tool_name === 'string' ? event.data.tool_name : undefined;
    changes.push({ status: after.status, waitingFor: after.waitingFor, by: event.type, ...(tool ? { tool } : {}) });
  }
  return changes;
}

describe('session status through a permission request', () => {
  const running: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close().catch(() => {});
  });

  it('goes running → waiting (permission: Write) → running → idle → ended, live and in the stored stream', async () => {
    const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-e2e-home-')));
    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-e2e-repo-')));
    const collectorDir = mkdtempSync(join(tmpdir(), 'kap-e2e-collector-'));
    writeFileSync(join(cwd, 'README.md'), '# widgets\n');
    const notes = join(cwd, 'NOTES.md');

    const api = await startScriptedMessagesApi({
      main: [
        { text: 'Reading first.', toolUses: [{ name: 'Read', input: { file_path: join(cwd, 'README.md') } }] },
        { toolUses: [{ name: 'Write', input: { file_path: notes, content: '# Notes\n' } }] },
        { text: 'Notes written.', delayMs: SPACING_MS },
      ],
    });
    const kap = await startKapForTest();
    running.push(api, kap);
    await kapCli(['hooks', 'install', '--project'], { KAP_DATA_DIR: collectorDir }, cwd);

    let whileAsked: SessionSummary | undefined;
    const claude = startClaudeStreamJson({
      cwd,
      home,
      apiUrl: api.url,
      allowedTools: ['Read'], // Write is not allowed: claude asks
      env: { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: collectorDir },
      canUseTool: async (request, { sessionId }) => {
        // Answer only once Kap shows the session waiting on this request.
        whileAsked = await kap.summaryWhen(sessionId!, (s) => s.status === 'waiting');
        return { behavior: 'allow', updatedInput: request.input };
      },
    });
    claude.prompt('Write the notes');
    const result = await claude.nextResult();
    expect(result).toMatchObject({ subtype: 'success', is_error: false, result: 'Notes written.' });
    const sessionId = claude.sessionId()!;
    const afterTurn = await kap.summaryWhen(sessionId, (s) => s.status === 'idle');
    const exit = await claude.close();
    expect(exit.exitCode, exit.stderr).toBe(0);

    // The permission request, as the program saw it, and the tool really ran after the allow.
    expect(claude.permissionRequests.map((r) => [r.toolName, r.input.file_path])).toEqual([['Write', notes]]);
    expect(readFileSync(notes, 'utf8')).toBe('# Notes\n');

    const final = await kap.summaryWhen(sessionId, (s) => s.status === 'ended' && s.tools.Write === 1);
    await kap.settled([sessionId], 10_000).catch(() => {});
    const events: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(sessionStream(sessionId))) events.push(e);
    const hooks = events.filter((e) => e.metadata.source === 'hook');
    if (whileAsked?.status !== 'waiting' || afterTurn?.status !== 'idle' || final?.status !== 'ended') {
      // Diagnostics: what the read model said, and each stored hook with the time the collector gave it.
      console.log(JSON.stringify({ whileAsked, afterTurn }));
      for (const e of hooks) console.log(e.revision, e.type, e.metadata.observedAt, e.data.tool_name ?? '');
      const collector = join(collectorDir, 'collector');
      for (const dir of ['spool', 'rejected']) if (existsSync(join(collector, dir))) console.log(dir, readdirSync(join(collector, dir)));
      if (existsSync(join(collector, 'collector.log'))) console.log(readFileSync(join(collector, 'collector.log'), 'utf8').slice(-3000));
    }
    expect(whileAsked).toMatchObject({ status: 'waiting', waitingFor: 'permission: Write' });
    expect(afterTurn).toMatchObject({ status: 'idle', waitingFor: null });
    const permission = hooks.find((e) => e.type === 'PermissionRequest');
    expect(permission?.data).toMatchObject({ tool_name: 'Write', tool_input: { file_path: notes }, permission_mode: 'default' });

    // The distinct status changes, replaying the fold over the stored stream.
    const changes = statusChanges(sessionId, events);
    expect(changes.map((c) => c.status)).toEqual(['running', 'waiting', 'running', 'idle', 'ended']);
    // Which of the hooks fired within a few ms of each other came first is up to the collector's clock
    // (see the module comment): SessionStart or UserPromptSubmit; the Write's PostToolUse or PostToolBatch.
    expect(['SessionStart', 'UserPromptSubmit']).toContain(changes[0]!.by);
    expect(changes[1]).toEqual({ status: 'waiting', waitingFor: 'permission: Write', by: 'PermissionRequest', tool: 'Write' });
    expect(changes[2]).toMatchObject({ status: 'running', waitingFor: null });
    expect(['PostToolUse', 'PostToolBatch']).toContain(changes[2]!.by);
    expect(changes[3]).toMatchObject({ status: 'idle', by: 'Stop' });
    expect(changes[4]).toMatchObject({ status: 'ended', by: 'SessionEnd' });

    // The final summary, from the read model and from `kap show --json`.
    const shown = JSON.parse(await kapCli(['show', sessionId, '--json'], { KAP_URL: kap.url, KAP_TOKEN: kap.token })) as SessionSummary;
    for (const summary of [final, shown]) {
      expect(summary).toMatchObject({ sessionId, cwd, status: 'ended', waitingFor: null, prompts: 1, lastPrompt: 'Write the notes', tools: { Read: 1, Write: 1 }, toolErrors: 0, filesChanged: [notes] });
    }
  }, 60_000);
});

