import { describe, expect, it } from 'vitest';
import { kapMcpEntry, withKapMcpApproved, withKapMcpServer, withoutKapMcpApproved, withoutKapMcpServer } from './mcpRegistration.js';

const entry = kapMcpEntry({ node: '/usr/bin/node', main: '/opt/kap/dist/cli/main.js' }, { url: 'http://127.0.0.1:7878', dataDir: '/home/dana/.kap' });

describe('registering kap mcp with Claude Code', () => {
  it("adds Kap's server and keeps every other key and server", () => {
    const before = { numStartups: 4, projects: { '/x': {} }, mcpServers: { github: { type: 'stdio', command: 'gh-mcp', args: [] } } };
    const after = withKapMcpServer(before, entry);
    expect(after).toEqual({ ...before, mcpServers: { github: before.mcpServers.github, kap: { type: 'stdio', command: '/usr/bin/node', args: ['/opt/kap/dist/cli/main.js', 'mcp'], env: { KAP_URL: 'http://127.0.0.1:7878', KAP_DATA_DIR: '/home/dana/.kap' } } } });
    expect(before.mcpServers).not.toHaveProperty('kap');
  });

  it('replaces an older Kap entry, and starts mcpServers when it is missing or not an object', () => {
    expect((withKapMcpServer({ mcpServers: { kap: { command: 'old' } } }, entry).mcpServers as Record<string, unknown>).kap).toEqual(entry);
    expect(withKapMcpServer({ mcpServers: ['broken'] }, entry).mcpServers).toEqual({ kap: entry });
    expect(withKapMcpServer({}, entry).mcpServers).toEqual({ kap: entry });
  });

  it("removes only Kap's server, and returns the same object when there is none", () => {
    // Server names are data: a settings file may well hold `__proto__` or `constructor` as one.
    const config = JSON.parse('{"mcpServers":{"kap":{},"__proto__":{"command":"y"},"constructor":{"command":"z"}}}') as Record<string, unknown>;
    const without = withoutKapMcpServer(config);
    expect(JSON.stringify(without)).toBe('{"mcpServers":{"__proto__":{"command":"y"},"constructor":{"command":"z"}}}');
    expect(JSON.stringify(withKapMcpServer(without, entry))).toContain('"__proto__":{"command":"y"}');
    const none = { mcpServers: { github: {} } };
    expect(withoutKapMcpServer(none)).toBe(none);
    const inherited = { mcpServers: {} };
    expect(withoutKapMcpServer(inherited)).toBe(inherited);
  });

  it("approves Kap's project server once, and withdraws only Kap's approval", () => {
    const approved = withKapMcpApproved(withKapMcpApproved({ enabledMcpjsonServers: ['github'] }));
    expect(approved.enabledMcpjsonServers).toEqual(['github', 'kap']);
    expect(withoutKapMcpApproved(approved)).toEqual({ enabledMcpjsonServers: ['github'] });
    expect(withoutKapMcpApproved({ hooks: {}, enabledMcpjsonServers: ['kap'] })).toEqual({ hooks: {} });
  });
});
