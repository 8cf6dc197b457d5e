/**
 * Agent overhead: wall time of one scripted Claude Code session (real CLI, scripted Messages API) with
 * Kap's hooks installed over the same session without. Runs alternate to spread machine noise evenly.
 * Target (issue #2): ≤ 1.03.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runClaude } from '../test/support/claudeCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import { startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import { codingSessionScript } from '../test/support/sessionScript.js';

export interface OverheadResult {
  runs: number;
  withoutMs: number;
  withMs: number;
  ratio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchAgentOverhead(runs = 7): Promise<OverheadResult> {
  const kap = await startKapForTest();
  const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
  try {
    for (let i = 0; i < runs * 2; i++) {
      const hooked = i % 2 === 0 ? 'with' : 'without';
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-repo-')));
      const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-home-')));
      writeFileSync(join(cwd, 'README.md'), '# bench\n');
      if (hooked === 'with') execFileSync(process.execPath, [resolve('dist/cli/main.js'), 'hooks', 'install', '--project'], { cwd, stdio: 'ignore' });
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
  return { runs, withMs, withoutMs, ratio: withMs / withoutMs };
}
