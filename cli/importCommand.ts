/**
 * `kap import [paths…]`: backfills transcripts into Kap with a progress bar (stderr, TTY only) counting
 * sessions and lines. A path that does not exist, a folder without transcripts and a file that cannot be
 * read are errors (exit 1), listed on stderr after the summary; `--json` prints the whole report instead.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KapConfig } from '../config/kapConfig.js';
import type { ImportProgress, ImportReport } from '../collector/importTranscripts.js';
import { importFiles, scanImportPaths, sessionsByFileName } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import { readMachineIdentity } from '../collector/gitContext.js';
import { readToken } from '../ingest/token.js';

/** How many errors the text report lists (`--json` has them all). */
const LISTED_ERRORS = 20;

export async function importCommand(config: Readonly<KapConfig>, paths: string[], options: { json?: boolean }): Promise<void> {
  const roots = paths.length > 0 ? paths : [join(homedir(), '.claude', 'projects')];
  const { files, problems } = scanImportPaths(roots);
  const bar = files.length > 0 ? await progressBar(sessionsByFileName(files)) : undefined;
  const target = { url: config.url, token: config.token ?? readToken(config.dataDir), timeoutMs: 60_000 };
  // The history on this machine was made by who runs it: its sessions are owned by them (access/).
  const me = await readMachineIdentity();
  const started = performance.now();
  const report = await importFiles(files, {
    context: { gitUser: me.gitUser, osUser: me.osUser, host: me.host },
    send: (batch) => postBatch(target, batch),
    onProgress: (progress) => bar?.update(progress),
  });
  const elapsedMs = Math.round(performance.now() - started);
  bar?.stop(report.sessions.length);
  report.errors.unshift(...problems);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, elapsedMs }, null, 2)}\n`);
  } else {
    process.stdout.write(`${importSummary(report, elapsedMs)}\n`);
    for (const e of report.errors.slice(0, LISTED_ERRORS)) process.stderr.write(`  error: ${e.file}${e.at === undefined ? '' : `@${e.at}`}: ${e.message}\n`);
    if (report.errors.length > LISTED_ERRORS) process.stderr.write(`  … and ${report.errors.length - LISTED_ERRORS} more errors (kap import --json lists them all)\n`);
  }
  if (report.errors.length > 0) process.exitCode = 1;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * `Imported 3 files, 1,204 records, 2 sessions in 840 ms: …`, or `Nothing imported: 1 error.` when no file
 * could be read.
 */
export function importSummary(report: ImportReport, elapsedMs: number): string {
  const errors = count(report.errors.length, 'error');
  if (report.files === 0) return `Nothing imported: ${errors}.`;
  return `Imported ${count(report.files, 'file')}, ${count(report.records, 'record')}, ${count(report.sessions.length, 'session')} in ${elapsedMs} ms: ${count(report.appended, 'new event')}, ${report.alreadyStored.toLocaleString('en-US')} already stored, ${errors}, ${report.ignored.length.toLocaleString('en-US')} ignored.`;
}

/**
 * The progress bar on a terminal: `importing ███░░ 12/40 sessions | 18,233 lines`; none otherwise (nor
 * its module: `kap import` in a script starts faster). `expected` is the sessions the file names promise;
 * a file holding more (a hook log) raises it.
 */
async function progressBar(expected: number) {
  if (!process.stderr.isTTY) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: 'importing {bar} {value}/{total} sessions | {lines} lines', stream: process.stderr, noTTYOutput: false, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let total = expected;
  bar.start(total, 0, { lines: '0' });
  return {
    update(progress: ImportProgress) {
      if (progress.sessions > total) bar.setTotal((total = progress.sessions));
      bar.update(progress.sessions, { lines: progress.records.toLocaleString('en-US') });
    },
    stop(sessions: number) {
      // The names may have promised more sessions than the files held (an empty transcript): end at 100%.
      bar.setTotal(Math.max(sessions, 1));
      bar.update(sessions);
      bar.stop();
    },
  };
}
