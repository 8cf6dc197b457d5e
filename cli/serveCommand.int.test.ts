/**
 * `kap serve` on a port another process holds exits non-zero at once with a clear message: no hang, no
 * stack trace (issue #10). Runs the real command (`node --import tsx cli/main.ts serve`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('kap serve on a busy port', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exits 1 at once, saying which port is taken and what to do', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kap-serve-')), 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'serve'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, KAP_DATA_DIR: dataDir, KAP_PORT: String(port), KAP_HOST: '127.0.0.1', KAP_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const started = Date.now();
    const code = await new Promise<number | null | 'hung'>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('hung');
      }, 20_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`127.0.0.1:${port}`);
    expect(stderr).toMatch(/already in use/);
    expect(stderr).toMatch(/KAP_PORT/);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(Date.now() - started).toBeLessThan(20_000);
    // The data dir it made is its user's alone.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  }, 30_000);
});
