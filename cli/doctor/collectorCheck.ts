/**
 * The collector's files on this machine (collector/collectorState.ts, collector/launcher.ts): does the hook command
 * find Kap, and is anything waiting or set aside? Reads the data dir only; changes nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorPaths } from '../../collector/collectorState.js';
import { launcherPath, readKapMissing, readLauncher } from '../../collector/launcher.js';
import type { Check } from './check.js';

/** An inbox entry older than this, in ms, means no drainer is shipping (drainers start within a hook's run). */
const STUCK_AFTER_MS = 60_000;

/** `launcher`: the file the hook command starts Kap through, and the trace of a hook that found no Kap. */
export function launcherCheck(dataDir: string, inboxWaiting: number): Check {
  const missing = readKapMissing(dataDir);
  if (missing) {
    return {
      name: 'launcher',
      level: 'fail',
      detail: `a hook could not start Kap (tried ${missing.tried || 'no launcher'}, last at ${missing.at.toISOString()}); ${inboxWaiting} event(s) wait in the inbox`,
      fix: 'kap hooks install (from where Kap is now), then kap sync',
    };
  }
  const entry = readLauncher(dataDir);
  if (!entry) return { name: 'launcher', level: 'fail', detail: `no ${launcherPath(dataDir)}: hooks cannot start Kap from this data dir`, fix: 'kap hooks install' };
  if (!existsSync(entry.main) || !existsSync(entry.node)) {
    return { name: 'launcher', level: 'fail', detail: `${launcherPath(dataDir)} names ${existsSync(entry.node) ? entry.main : entry.node}, which is gone`, fix: 'kap hooks install (from where Kap is now)' };
  }
  return { name: 'launcher', level: 'ok', detail: `hooks start ${entry.main}` };
}

/** `inbox`, `spool` and `set aside`: counts, the oldest waiting entry's age, and the latest reason something was set aside. */
export function collectorFilesChecks(paths: CollectorPaths, now: Date): { checks: Check[]; inboxWaiting: number } {
  const inbox = listFiles(paths.inbox, (n) => n.endsWith('.json') && !n.startsWith('.'));
  const oldest = Math.min(...inbox.map((f) => f.mtimeMs));
  const stuck = inbox.length > 0 && now.getTime() - oldest > STUCK_AFTER_MS;
  const spool = listFiles(paths.spool, (n) => !n.startsWith('.'));
  const reasons = listFiles(paths.rejected, (n) => n.endsWith('.reason.txt')).sort((a, b) => b.mtimeMs - a.mtimeMs);
  const latest = reasons[0] ? readFileSync(reasons[0].path, 'utf8').trim().split('\n')[0] : undefined;
  const checks: Check[] = [
    stuck
      ? { name: 'inbox', level: 'warn', detail: `${inbox.length} hook event(s) waiting, the oldest for ${Math.round((now.getTime() - oldest) / 1000)} s`, fix: 'kap sync' }
      : { name: 'inbox', level: 'ok', detail: `${inbox.length} hook event(s) waiting` },
    spool.length > 0
      ? { name: 'spool', level: 'warn', detail: `${spool.length} batch(es) spooled while the ingest was unreachable`, fix: 'kap sync (once Kap answers)' }
      : { name: 'spool', level: 'ok', detail: 'empty' },
    reasons.length > 0
      ? { name: 'set aside', level: 'warn', detail: `${reasons.length} item(s) under ${paths.rejected}; latest: ${latest ?? '?'}`, fix: `read the .reason.txt files there; remove them once dealt with` }
      : { name: 'set aside', level: 'ok', detail: 'nothing' },
  ];
  return { checks, inboxWaiting: inbox.length };
}

function listFiles(dir: string, keep: (name: string) => boolean): Array<{ path: string; mtimeMs: number }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter(keep);
  } catch {
    return [];
  }
  const files: Array<{ path: string; mtimeMs: number }> = [];
  for (const name of names) {
    try {
      files.push({ path: join(dir, name), mtimeMs: statSync(join(dir, name)).mtimeMs });
    } catch {
      // gone since the listing (a drainer shipped it)
    }
  }
  return files;
}
