/**
 * `kap projections rebuild` at scale: N events generated from the corpus into an embedded event store in a
 * temp dir, then the real command (`node dist/cli/main.js projections rebuild`, both projections) in its own
 * process, timed from spawn to exit, its peak RSS read from /proc (VmHWM, polled). Events are the corpus's
 * sessions (hooks, status lines, main and subagent transcript lines: realistic sizes) copied with a new
 * session id each time, the copies' appends interleaved 20 sessions at a time as concurrent sessions would be.
 * Target (issue #10): peak RSS ≤ 400 MB at 1M events.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NewEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { corpusStreams } from '../test/support/corpusStreams.js';

export interface RebuildBenchRow {
  events: number;
  sessions: number;
  /** Size of events.db, in MB. */
  storeMb: number;
  generateMs: number;
  /** Wall time of `kap projections rebuild`, spawn to exit. */
  rebuildMs: number;
  /** What the command says each projection took, in ms. */
  perProjectionMs: Record<string, number>;
  /** Peak resident set size of the command, in MB. */
  peakRssMb: number;
}

/** The build whose command is measured; KAP_BENCH_KAP names another one (e.g. an older commit's) to compare. */
const KAP = resolve(process.env.KAP_BENCH_KAP ?? 'dist/cli/main.js');
const CONCURRENT = 20;
const CHUNK = 50;

interface SourceSession {
  id: string;
  events: Array<{ type: string; json: string; metadata: NewEvent['metadata'] }>;
}

async function generate(dataDir: string, target: number): Promise<{ events: number; sessions: number }> {
  const streams = await corpusStreams(['.']);
  const sources: SourceSession[] = [...streams].map(([id, events]) => ({ id, events: events.map((e) => ({ type: e.type, json: JSON.stringify(e.data), metadata: e.metadata })) }));
  const store = createSqliteEventStore({ path: join(dataDir, 'events.db') });
  let written = 0;
  let sessions = 0;
  try {
    for (let copy = 0; written < target; copy++) {
      for (let group = 0; group < sources.length && written < target; group += CONCURRENT) {
        const live = sources.slice(group, group + CONCURRENT).map((source) => ({ source, id: randomUUID(), at: 0 }));
        sessions += live.length;
        while (live.some((s) => s.at < s.source.events.length) && written < target) {
          for (const s of live) {
            const chunk = s.source.events.slice(s.at, s.at + Math.min(CHUNK, target - written));
            if (chunk.length === 0) continue;
            s.at += chunk.length;
            written += chunk.length;
            const events: NewEvent[] = chunk.map((e) => {
              const json = e.json.replaceAll(s.source.id, s.id);
              return { id: randomUUID(), type: e.type, data: JSON.parse(json) as NewEvent['data'], dataJson: json, metadata: e.metadata };
            });
            await store.append(sessionStream(s.id), events);
          }
        }
      }
    }
  } finally {
    await store.close();
  }
  return { events: written, sessions };
}

function vmHwmKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function runRebuild(dataDir: string): Promise<{ ms: number; peakKb: number; output: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [KAP, 'projections', 'rebuild'], { env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peakKb = 0;
  const poll = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!))), 50);
  const code = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
  clearInterval(poll);
  if (code !== 0) throw new Error(`kap projections rebuild exited ${code}: ${output}`);
  return { ms: performance.now() - started, peakKb, output };
}

/** One row per size (events). Takes minutes at 1M events (and ~2 GB of temp disk). */
export async function benchRebuild(sizes: readonly number[] = [200_000, 1_000_000]): Promise<RebuildBenchRow[]> {
  const rows: RebuildBenchRow[] = [];
  for (const size of sizes) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-bench-rebuild-'));
    try {
      const generating = performance.now();
      const { events, sessions } = await generate(dataDir, size);
      const generateMs = performance.now() - generating;
      const run = await runRebuild(dataDir);
      const perProjectionMs: Record<string, number> = {};
      for (const m of run.output.matchAll(/Rebuilt ([\w-]+): .* in (\d+) ms/g)) perProjectionMs[m[1]!] = Number(m[2]);
      rows.push({ events, sessions, storeMb: statSync(join(dataDir, 'events.db')).size / 1e6, generateMs, rebuildMs: run.ms, perProjectionMs, peakRssMb: run.peakKb / 1024 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}
