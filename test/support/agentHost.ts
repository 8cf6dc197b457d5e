/**
 * Helpers for the agent host's tests (agents/): the base environment a `ClaudeCliRunner` gets for a scripted
 * run, and the processes still running in a directory (to show a turn leaves none behind).
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { claudeEnv } from './claudeCli.js';

/** `claudeEnv` (isolated HOME, scripted API, no outer Claude Code variables) as a plain string record. */
export function runnerEnv(apiUrl: string, home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(claudeEnv(apiUrl, home, extra))) if (value !== undefined) env[key] = value;
  return env;
}

/** Pids of the processes whose working directory is `dir` or below it (Linux: reads /proc). */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (cwd === dir || cwd.startsWith(`${dir}/`)) pids.push(Number(name));
  }
  return pids;
}
