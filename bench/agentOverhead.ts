/**
 * Agent overhead: wall time of one scripted Claude Code session (real CLI, scripted Messages API) with
 * Kap's hooks installed over the same session without, and the floor: the same session with a no-op
 * command hook on every event (what Claude Code's own hook spawning costs). Runs alternate to spread noise.
 * Target (issue #2): ≤ 1.03.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOOK_EVENT_NAMES } from '../events/hookEventNames.js';
import { runClaude } from '../test/support/claudeCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import { codingSessionScript } from '../test/support/sessionScript.js';

export interface OverheadResult {
  runs: number;
  withoutMs: number;
  withMs: number;
  ratio: number;
  /** The floor: the same session with a no-op async command hook (`exit 0`) on every event. */
  noopMs: number;
  noopRatio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchAgentOverhead(runs = 7): Promise<OverheadResult> {
  const kap = await startKapForTest();
  const times: Record<'with' | 'without' | 'noop', number[]> = { with: [], without: [], noop: [] };
  const kinds = ['with', 'without', 'noop'] as const;
  try {
    for (let i = 0; i < runs * kinds.length; i++) {
      const hooked = kinds[i % kinds.length]!;
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-repo-')));
      const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-home-')));
      writeFileSync(join(cwd, 'README.md'), '# bench\n');
      if (hooked === 'with') execFileSync(process.execPath, [resolve('dist/cli/main.js'), 'hooks', 'install', '--project'], { cwd, stdio: 'ignore' });
      if (hooked === 'noop') writeNoopHooks(cwd);
      const script = codingSessionScript(cwd);
      const api = await startScriptedMessagesApi({ main: script.first.main, subagent: script.first.subagent });
      const result = await runClaude({
        cwd,
        home,
        prompt: 'Fix the failing add test and write notes',
        apiUrl: api.url,
        allowedTools: ['Bash', 'Read', 'Write', 'Edit', 'TodoWrite', 'Agent'],
        env: { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: mkdtempSync(join(tmpdir(), 'kap-bench-collector-')), CLAUDE_CODE_ENABLE_TASKS: '0' },
      });
      await api.close();
      if (result.exitCode !== 0) throw new Error(`claude failed: ${result.stderr}`);
      times[hooked].push(result.durationMs);
      await new Promise((r) => setTimeout(r, 1500)); // let detached collectors finish before the next run
    }
  } finally {
    await kap.close();
  }
  const withMs = median(times.with);
  const withoutMs = median(times.without);
  const noopMs = median(times.noop);
  return { runs, withMs, withoutMs, ratio: withMs / withoutMs, noopMs, noopRatio: noopMs / withoutMs };
}

/** What Claude Code itself costs for a command hook on every event: `exit 0`, async like Kap's. */
function writeNoopHooks(cwd: string): void {
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  const hooks = Object.fromEntries(HOOK_EVENT_NAMES.map((e) => [e, [{ hooks: [{ type: 'command', command: 'exit 0', ...(e === 'SessionEnd' ? {} : { async: true }) }] }]]));
  writeFileSync(join(cwd, '.claude', 'settings.json'), JSON.stringify({ hooks }));
}
