/**
 * Agent overhead (issue #10): wall time of one scripted Claude Code session (real CLI, scripted Messages API, an
 * 8-step session with a subagent) under three settings, side by side in one run, rounds interleaved so the
 * machine's noise falls on all three alike:
 *   none  no hooks;
 *   noop  a no-op command hook (`exit 0`) on every event Kap hooks, async and sync exactly as Kap's (the floor:
 *         what Claude Code's own spawning of a hook costs);
 *   kap   Kap's hooks (`kap hooks install --project`) with `kap serve` on the same data dir, as on the embedded
 *         default: the server drains the inbox (collector/localDrainer.ts), no drainer process is started;
 *   kap-remote  the same hooks with Kap elsewhere (another data dir): a drainer process per burst of events.
 * Each in two modes: the API answering at once (the agent is CPU-bound: every process a hook starts competes with
 * it) and with 1.5 s of model think time per step (what a real API is like). Targets: kap ≤ 1.03 × noop at once,
 * kap ≤ 1.03 × none with think time. Each run waits for its drainer to finish before the next starts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOOKED_EVENTS } from '../collector/hookedEvents.js';
import { withKapHooks } from '../collector/hookSettings.js';
import { runClaude } from '../test/support/claudeCli.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { startScriptedMessagesApi } from '../test/support/scriptedMessagesApi.js';
import type { ReplyStep } from '../test/support/scriptedMessagesApi.js';
import { codingSessionScript } from '../test/support/sessionScript.js';

type Variant = 'none' | 'noop' | 'kap' | 'kap-remote';
const VARIANTS: readonly Variant[] = ['none', 'noop', 'kap', 'kap-remote'];

export interface OverheadMode {
  /** Model think time per step, in ms. */
  thinkMs: number;
  rounds: number;
  /** Median wall time per variant, in ms. */
  medianMs: Record<Variant, number>;
  /** noop / none and kap / none, from the medians. */
  noopRatio: number;
  kapRatio: number;
  /** kap / noop, from the medians: the hook command's own cost over the floor. */
  kapOverNoop: number;
  /** The same two for kap-remote (a drainer process per burst). */
  remoteRatio: number;
  remoteOverNoop: number;
}

export interface OverheadResult {
  modes: OverheadMode[];
  /** Hooked events (collector/hookedEvents.ts). */
  hookedEvents: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** `rounds` rounds at once and `thinkRounds` with 1.5 s think time; each round runs the three variants in a rotating order. */
export async function benchAgentOverhead(rounds = 7, thinkRounds = 3): Promise<OverheadResult> {
  const serverDataDir = mkdtempSync(join(tmpdir(), 'kap-bench-server-'));
  const kap = await startKapForTest(serverDataDir, {}, { drainLocalInbox: true });
  try {
    await runOnce(kap, 'kap', 0, serverDataDir); // warm-up: the first claude start reads its binary from disk
    const modes: OverheadMode[] = [];
    for (const [thinkMs, n] of [[0, rounds], [1500, thinkRounds]] as const) {
      const times: Record<Variant, number[]> = { none: [], noop: [], kap: [], 'kap-remote': [] };
      for (let round = 0; round < n; round++) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const variant = VARIANTS[(round + k) % VARIANTS.length]!;
          times[variant].push(await runOnce(kap, variant, thinkMs, serverDataDir));
        }
      }
      const medianMs = { none: median(times.none), noop: median(times.noop), kap: median(times.kap), 'kap-remote': median(times['kap-remote']) };
      modes.push({
        thinkMs,
        rounds: n,
        medianMs,
        noopRatio: medianMs.noop / medianMs.none,
        kapRatio: medianMs.kap / medianMs.none,
        kapOverNoop: medianMs.kap / medianMs.noop,
        remoteRatio: medianMs['kap-remote'] / medianMs.none,
        remoteOverNoop: medianMs['kap-remote'] / medianMs.noop,
      });
    }
    return { modes, hookedEvents: HOOKED_EVENTS.length };
  } finally {
    await kap.close();
  }
}

async function runOnce(kap: KapUnderTest, variant: Variant, thinkMs: number, serverDataDir: string): Promise<number> {
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-repo-')));
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'kap-bench-home-')));
  const dataDir = variant === 'kap' ? serverDataDir : mkdtempSync(join(tmpdir(), 'kap-bench-collector-'));
  writeFileSync(join(cwd, 'README.md'), '# bench\n');
  const env = { ...process.env, KAP_DATA_DIR: dataDir };
  if (variant === 'kap' || variant === 'kap-remote') execFileSync(process.execPath, [resolve('dist/cli/main.js'), 'hooks', 'install', '--project'], { cwd, env, stdio: 'ignore' });
  if (variant === 'noop') writeNoopHooks(cwd);
  const script = codingSessionScript(cwd);
  const think = (steps: ReplyStep[]) => steps.map((step) => ({ ...step, delayMs: thinkMs }));
  const api = await startScriptedMessagesApi({ main: think(script.first.main), subagent: think(script.first.subagent) });
  try {
    const result = await runClaude({
      cwd,
      home,
      prompt: 'Fix the failing add test and write notes',
      apiUrl: api.url,
      allowedTools: ['Bash', 'Read', 'Write', 'Edit', 'TodoWrite', 'Agent'],
      env: { KAP_URL: kap.url, KAP_TOKEN: kap.token, KAP_DATA_DIR: dataDir, CLAUDE_CODE_ENABLE_TASKS: '0' },
      timeoutMs: 120_000,
    });
    if (result.exitCode !== 0) throw new Error(`claude failed (${variant}): ${result.stderr}`);
    return result.durationMs;
  } finally {
    await api.close();
    // The drainer of this run must not compete with the next run (the server's lock stays: it drains in-process).
    const lock = join(dataDir, 'collector', 'drainer.lock');
    for (let i = 0; i < 200 && variant !== 'kap' && existsSync(lock); i++) await sleep(50);
    const inbox = join(dataDir, 'collector', 'inbox');
    for (let i = 0; i < 200 && variant === 'kap' && existsSync(inbox) && readdirSync(inbox).length > 0; i++) await sleep(50);
  }
}

/** The floor: `exit 0` where Kap's hook is, with Kap's matcher, async/sync and timeout. */
function writeNoopHooks(cwd: string): void {
  mkdirSync(join(cwd, '.claude'), { recursive: true });
  const settings = withKapHooks({}, 'exit 0');
  writeFileSync(join(cwd, '.claude', 'settings.json'), JSON.stringify(settings));
}
