import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKapCli } from '../test/support/kapCli.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const noPublicUrl = { KAP_PUBLIC_URL: '' };

describe('kap slack manifest', () => {
  it('prints a Socket Mode manifest without KAP_PUBLIC_URL, and says on stderr that links will not unfurl', async () => {
    const result = await runKapCli(['slack', 'manifest', '--socket-mode'], noPublicUrl);
    expect(result.code).toBe(0);
    expect(parse(result.stdout).settings.socket_mode_enabled).toBe(true);
    expect(result.stderr).toMatch(/no unfurl domain/);
  });

  it('still asks for KAP_PUBLIC_URL for Slack over HTTP', async () => {
    const result = await runKapCli(['slack', 'manifest'], noPublicUrl);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/set KAP_PUBLIC_URL/);
  });

  it('exits quietly when its reader closed the pipe (`| head -1`): no EPIPE crash', async () => {
    const main = resolve(repoRoot, 'cli/main.ts');
    const tsx = pathToFileURL(resolve(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, main, 'slack', 'manifest'], { cwd: repoRoot, env: { ...process.env, KAP_PUBLIC_URL: 'https://kap.acme.dev' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before Kap writes a byte
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|Error/);
    expect(code).toBe(0);
  });
});
