/**
 * Runs the `kap` CLI from source (cli/main.ts through tsx, no build) as a user would, in `cwd` (default the
 * repository root) with `env` added to this process's environment. Resolves its exit code and output.
 */
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKapCli(args: readonly string[], env: Record<string, string>, cwd = repoRoot): Promise<CliResult> {
  const main = resolve(repoRoot, 'cli/main.ts');
  // An absolute loader URL: `--import tsx` would resolve from `cwd`, which need not be the repository.
  const tsx = pathToFileURL(resolve(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  return new Promise((done) => {
    execFile(process.execPath, ['--import', tsx, main, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
