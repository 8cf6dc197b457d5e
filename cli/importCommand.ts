/** `kap import [paths…]`: backfills transcripts into Kap with a progress bar (stderr, TTY only). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KapConfig } from '../config/kapConfig.js';
import { findImportFiles, importFiles } from '../collector/importTranscripts.js';
import { postBatch } from '../collector/ingestClient.js';
import { readMachineIdentity } from '../collector/gitContext.js';
import { readToken } from '../ingest/token.js';

export async function importCommand(config: Readonly<KapConfig>, paths: string[], options: { json?: boolean }): Promise<void> {
  const roots = paths.length > 0 ? paths : [join(homedir(), '.claude', 'projects')];
  const files = findImportFiles(roots);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const bar = await progressBar();
  bar?.start(total, 0, { files: 0 });
  let filesDone = 0;
  const target = { url: config.url, token: config.token ?? readToken(config.dataDir), timeoutMs: 60_000 };
  // The history on this machine was made by who runs it: its sessions are owned by them (access/).
  const me = await readMachineIdentity();
  const started = performance.now();
  const report = await importFiles(files, {
    context: { gitUser: me.gitUser, osUser: me.osUser, host: me.host },
    send: (batch) => postBatch(target, batch),
    onProgress: (bytes) => bar?.update(bytes, { files: ++filesDone }),
  });
  const elapsedMs = Math.round(performance.now() - started);
  bar?.stop();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, elapsedMs }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `Imported ${report.files} files, ${report.records} records, ${report.sessions.length} sessions in ${elapsedMs} ms: ${report.appended} new events, ${report.alreadyStored} already stored, ${report.errors.length} errors, ${report.ignored.length} ignored.\n`,
    );
    for (const e of report.errors.slice(0, 20)) process.stdout.write(`  error: ${e.file}${e.at === undefined ? '' : `@${e.at}`}: ${e.message}\n`);
  }
  if (report.errors.length > 0) process.exitCode = 1;
}

/** The progress bar on a terminal; none otherwise (nor its module: `kap import` in a script starts faster). */
async function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  return new cliProgress.SingleBar(
    { format: 'importing {bar} {percentage}% | {value}/{total} bytes | {files} files', stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
}
