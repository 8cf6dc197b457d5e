import { describe, expect, it } from 'vitest';
import { COLLECTOR_ENV_KEYS, ConfigError, ENV_KEYS, loadCollectorConfig, loadConfig, loadEnvSchema, playsRole, quickEnv } from './kapConfig.js';

describe('configuration', () => {
  it('defaults to every role in one process, with no Slack and a 5-minute idle time', () => {
    const c = loadConfig({ KAP_DATA_DIR: '/tmp/kap' });
    expect(c.roles).toEqual(['all']);
    expect(playsRole(c, 'bot') && playsRole(c, 'workers')).toBe(true);
    expect(c.slack).toBeUndefined();
    expect(c.idleAfterMs).toBe(300_000);
  });

  it('plays only the roles named', () => {
    const c = loadConfig({ KAP_ROLE: 'ingest,bot', REDIS_URL: 'redis://r:6379', KAP_LINK_SECRET: 'x'.repeat(32) });
    expect([playsRole(c, 'ingest'), playsRole(c, 'bot'), playsRole(c, 'workers')]).toEqual([true, true, false]);
  });

  it('says what to set when roles are split without Redis or a shared link key', () => {
    expect(() => loadConfig({ KAP_ROLE: 'workers' })).toThrow(ConfigError);
    expect(() => loadConfig({ KAP_ROLE: 'workers' })).toThrow(/REDIS_URL[\s\S]*KAP_LINK_SECRET/);
  });

  it('names a bad role, a bad Slack token and a missing signing secret', () => {
    expect(() => loadConfig({ KAP_ROLE: 'chef' })).toThrow(/KAP_ROLE must be one or more of all, ingest/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(/SLACK_BOT_TOKEN must be the bot token/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
  });

  it('reads who may see what: a default visibility, a rules file, Sign in with Slack credentials in pairs', () => {
    expect(loadConfig({}).access).toEqual({ defaultVisibility: 'channel', rulesFile: undefined });
    expect(loadConfig({ KAP_DEFAULT_VISIBILITY: 'private', KAP_VISIBILITY_RULES: '/etc/kap/visibility.yml' }).access).toEqual({ defaultVisibility: 'private', rulesFile: '/etc/kap/visibility.yml' });
    expect(() => loadConfig({ KAP_DEFAULT_VISIBILITY: 'public' })).toThrow(/KAP_DEFAULT_VISIBILITY must be one of private, channel, workspace/);
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(() => loadConfig({ ...slack, SLACK_CLIENT_ID: '1.2' })).toThrow(/SLACK_CLIENT_ID, SLACK_CLIENT_SECRET/);
    expect(loadConfig({ ...slack, SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c' }).slack).toMatchObject({ clientId: '1.2', clientSecret: 'c' });
    expect(loadConfig({ KAP_WEB_SESSION_DAYS: '1' }).webSessionTtlMs).toBe(86_400_000);
  });

  it('reads the weekly digest channel, and says what a channel id looks like when it is not one', () => {
    expect(loadConfig({}).digestChannel).toBeUndefined();
    expect(loadConfig({ KAP_DIGEST_CHANNEL: 'C0123ABCDEF' }).digestChannel).toBe('C0123ABCDEF');
    expect(() => loadConfig({ KAP_DIGEST_CHANNEL: '#general' })).toThrow(/KAP_DIGEST_CHANNEL must be a Slack channel id/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', KAP_PUBLIC_URL: '' }).slack).toBeUndefined();
  });
});

describe('the hand checks that spare loading zod', () => {
  it('cover exactly the variables of the schema', () => {
    expect([...ENV_KEYS].sort()).toEqual(Object.keys(loadEnvSchema().shape).sort());
  });

  it('accept only what the schema accepts, giving what it gives', () => {
    const values: Record<string, string[]> = {
      KAP_DATA_DIR: ['/tmp/kap', ' '],
      KAP_HOST: ['0.0.0.0'],
      KAP_PORT: ['7878', '0', '65535', '65536', '00080', ' 80', '80.5', '-1', '1e3', 'x', '999999'],
      KAP_TOKEN: ['0123456789abcdef', 'short', '0123456789abcde'],
      KAP_LOG_LEVEL: ['warn', 'silent', 'WARN', 'verbose'],
      KAP_ROLE: ['all', 'ingest,projections', ' ingest , bot ', 'ingest,', 'nope', 'all,all'],
      KAP_URL: ['http://127.0.0.1:9', 'not a url', 'https://kap.acme.dev/', 'http://kap:7878/base/', 'http://x:99999', 'ftp://h', 'http://u:p@h', 'http://h/a b', 'https://-/'],
      SLACK_BOT_TOKEN: ['xoxb-1', 'xoxp-1'],
      KAP_BODY_LIMIT_MB: ['64', '0'],
      ANTHROPIC_API_KEY: ['sk-ant-x'],
      KAP_AGENT_ALLOWED_TOOLS: ['Read, Grep'],
    };
    const schema = loadEnvSchema();
    const cases: Record<string, string>[] = [{}];
    for (const [key, list] of Object.entries(values)) for (const value of list) cases.push({ [key]: value }, { KAP_DATA_DIR: '/d', KAP_PORT: '9', [key]: value });
    for (const env of cases) {
      const quick = quickEnv(env);
      const parsed = schema.safeParse(env);
      if (quick) expect(parsed.success && parsed.data, JSON.stringify(env)).toEqual(quick);
    }
    expect(quickEnv({ KAP_DATA_DIR: '/d', KAP_PORT: '17000', KAP_LOG_LEVEL: 'warn' })).toBeDefined();
    expect(quickEnv({ KAP_PORT: '65536' })).toBeUndefined();
    // What a hook's environment holds: checked without zod.
    expect(quickEnv({ KAP_URL: 'http://127.0.0.1:7878', KAP_TOKEN: '0123456789abcdef', KAP_DATA_DIR: '/d' })).toBeDefined();
  });
});

describe('the collector\'s configuration', () => {
  it('reads only its own variables: a bad server variable neither stops capture nor needs zod', () => {
    const env = { KAP_DATA_DIR: '/d', KAP_URL: 'http://127.0.0.1:7878', KAP_TOKEN: '0123456789abcdef', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/v1', SLACK_BOT_TOKEN: 'xoxp-not-a-bot', KAP_ROLE: 'nope' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(loadCollectorConfig(env)).toMatchObject({ dataDir: '/d', url: 'http://127.0.0.1:7878', token: '0123456789abcdef' });
    expect(quickEnv(Object.fromEntries(COLLECTOR_ENV_KEYS.map((k) => [k, env[k as keyof typeof env]])))).toBeDefined();
  });

  it('still refuses a bad collector variable', () => {
    expect(() => loadCollectorConfig({ KAP_TOKEN: 'short' })).toThrow(ConfigError);
  });
});
