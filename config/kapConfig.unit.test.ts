import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, playsRole } from './kapConfig.js';

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

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', KAP_PUBLIC_URL: '' }).slack).toBeUndefined();
  });
});
