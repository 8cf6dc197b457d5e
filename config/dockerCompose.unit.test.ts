/**
 * docker-compose.yml cannot run here (no Docker engine), so its contract with Kap is checked instead: one
 * service per role, each starting `kap serve --role <role>` with an environment Kap's own configuration
 * accepts (as Compose would interpolate it), sharing KurrentDB, Redis and the link key.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, ROLES } from './kapConfig.js';

const compose = parse(readFileSync(fileURLToPath(new URL('../docker-compose.yml', import.meta.url)), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; build?: string; ports?: string[] }>;
};

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}` with the operator's shell variables. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
    const set = shell[name];
    if (set !== undefined && set !== '') return set;
    if (op === '?') throw new Error(`compose would stop: ${name}: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

const shell = { KAP_TOKEN: 'a-team-token-of-at-least-16-chars', KAP_LINK_SECRET: 'a-link-secret-of-at-least-thirty-two-characters' };
const kapServices = Object.entries(compose.services).filter(([, s]) => s.build === '.');

describe('docker-compose.yml', () => {
  it('runs one service per role, each `serve --role <role>`', () => {
    const roles = kapServices.map(([, s]) => s.command?.slice(0, 2).join(' ') === 'serve --role' && s.command[2]);
    expect(roles.sort()).toEqual(ROLES.filter((r) => r !== 'all').sort());
  });

  it("gives every role an environment Kap's configuration accepts, on KurrentDB and Redis", () => {
    for (const [name, service] of kapServices) {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), shell)]));
      const config = loadConfig({ ...env, KAP_ROLE: service.command![2] });
      expect(config.kurrentdbUrl, name).toBe('kurrentdb://kurrentdb:2113?tls=false');
      expect(config.redisUrl, name).toBe('redis://redis:6379');
      expect(config.searchUrl, name).toBe('postgres://kap:kap@postgres:5432/kap');
      expect(config.linkSecret, name).toBe(shell.KAP_LINK_SECRET);
      expect(config.host, name).toBe('0.0.0.0');
    }
  });

  it('gives the workers what they post to Slack and run agents with', () => {
    const workers = compose.services.workers!;
    const env = Object.fromEntries(Object.entries(workers.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), { ...shell, SLACK_BOT_TOKEN: 'xoxb-team', KAP_AGENT_REPOS: 'web=https://git.example/web.git' })]));
    const config = loadConfig({ ...env, KAP_ROLE: 'workers' });
    expect(config.slack?.botToken).toBe('xoxb-team');
    expect(config.agentHost?.repos).toEqual({ web: 'https://git.example/web.git' });
  });

  it('gives every role the same access policy and Slack directory (owners resolve the same everywhere), and the bot Sign in with Slack', () => {
    const team = { ...shell, SLACK_BOT_TOKEN: 'xoxb-team', SLACK_SIGNING_SECRET: 'sign', KAP_DEFAULT_VISIBILITY: 'private', SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c' };
    for (const [name, service] of kapServices) {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), team)]));
      const config = loadConfig({ ...env, KAP_ROLE: service.command![2] });
      expect(config.access.defaultVisibility, name).toBe('private');
      expect(config.slack?.botToken, name).toBe('xoxb-team');
      if (name === 'bot') expect(config.slack?.clientId).toBe('1.2');
    }
  });

  it('refuses to start without the team token and link key', () => {
    const env = compose.services.ingest!.environment!;
    expect(() => interpolate(env.KAP_TOKEN!, {})).toThrow(/KAP_TOKEN/);
    expect(() => interpolate(env.KAP_LINK_SECRET!, {})).toThrow(/KAP_LINK_SECRET/);
  });

  it('publishes the ingest and the bot, and keeps KurrentDB and Redis data in volumes', () => {
    expect(compose.services.ingest!.ports).toEqual(['7878:7878']);
    expect(compose.services.bot!.ports).toEqual(['7879:7878']);
    expect(JSON.stringify(compose.services.kurrentdb)).toContain('kurrentdb-data:');
    expect(JSON.stringify(compose.services.redis)).toContain('redis-data:');
  });
});
