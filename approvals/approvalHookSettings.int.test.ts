/**
 * `kap hooks install --remote-approvals`: one synchronous PermissionRequest hook more, and nothing else
 * changed; an install without the flag and `kap hooks uninstall` take it out. The installed command exits 0
 * with no output at once when it finds no Kap (Claude Code then asks in its terminal).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hooksInstall, hooksUninstall } from '../cli/hooksCommand.js';
import { loadConfig } from '../config/kapConfig.js';
import { approvalHookCommand, hasApprovalHook } from './approvalHookSettings.js';

type Group = { matcher?: string; hooks: Array<Record<string, unknown>> };
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { hooks?: Record<string, Group[]> };

describe('kap hooks install --remote-approvals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kap-approval-hooks-'));
  const config = loadConfig({ KAP_DATA_DIR: join(dir, 'data') });
  const settings = join(dir, 'settings.json');

  it('adds a synchronous PermissionRequest hook after the collector’s, with a timeout above the wait; without the flag nothing else differs', async () => {
    await hooksInstall(config, { settings }, 60);
    const plain = read(settings);
    expect(hasApprovalHook(plain)).toBe(false);

    await hooksInstall(config, { settings, remoteApprovals: true }, 60);
    const withApprovals = read(settings);
    expect(hasApprovalHook(withApprovals)).toBe(true);
    const groups = withApprovals.hooks!.PermissionRequest!;
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual(plain.hooks!.PermissionRequest![0]);
    expect(groups[1]!.matcher).toBe('*');
    expect(groups[1]!.hooks).toEqual([{ type: 'command', command: expect.stringContaining('" approve;'), timeout: 90 }]);
    expect(groups[1]!.hooks[0]!.async).toBeUndefined();
    expect({ ...withApprovals.hooks, PermissionRequest: undefined }).toEqual({ ...plain.hooks, PermissionRequest: undefined });

    await hooksInstall(config, { settings }, 60);
    expect(read(settings)).toEqual(plain);
  });

  it('is taken out by kap hooks uninstall', async () => {
    await hooksInstall(config, { settings, remoteApprovals: true }, 60);
    await hooksUninstall({ settings });
    expect(read(settings).hooks).toBeUndefined();
  });

  it('exits 0 with no output at once when no Kap is installed in the data dir', () => {
    const started = Date.now();
    const run = spawnSync('sh', ['-c', approvalHookCommand()], { input: '{"hook_event_name":"PermissionRequest"}', env: { PATH: process.env.PATH, KAP_DATA_DIR: join(dir, 'none') }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
