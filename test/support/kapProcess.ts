/**
 * `kap serve` as a real child process, for tests that kill and restart it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface KapProcess {
  url: string;
  token: string;
  child: ChildProcess;
  /** SIGKILL: no drain, no final commit — a crash. */
  crash(): Promise<void>;
  /** SIGTERM: drains and stops. Resolves the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

export async function startKapProcess(dataDir: string, env: Record<string, string> = {}): Promise<KapProcess> {
  const child = spawn(process.execPath, [resolve('dist/cli/main.js'), 'serve'], {
    env: { ...process.env, KAP_DATA_DIR: dataDir, KAP_PORT: '0', KAP_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) ok(match[1]!);
    });
    child.once('exit', (code) => fail(new Error(`kap serve exited with ${code}: ${text}`)));
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return {
    url,
    token: readFileSync(join(dataDir, 'token'), 'utf8').trim(),
    child,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
