import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slackManifest } from './slackManifest.js';

const template = fileURLToPath(new URL('../manifest.yml', import.meta.url));

describe('Slack app manifest', () => {
  const manifest = parse(slackManifest(template, 'https://kap.acme.dev/'));

  it('unfurls the configured public host and sends events, commands and interactivity to its Slack route', () => {
    expect(manifest.features.unfurl_domains).toEqual(['kap.acme.dev']);
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://kap.acme.dev/slack/events');
    expect(manifest.settings.interactivity.request_url).toBe('https://kap.acme.dev/slack/events');
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/kap', url: 'https://kap.acme.dev/slack/events' })]);
  });

  it('asks for the scopes and events unfurls, the slash command and thread relay need', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['links:read', 'links:write', 'chat:write', 'commands', 'channels:history', 'groups:history']));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['link_shared', 'message.channels', 'message.groups']));
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for what the access rule needs: owners by email, channel members, Sign in with Slack', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['users:read', 'users:read.email', 'channels:read', 'groups:read']));
    expect(manifest.oauth_config.scopes.user).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://kap.acme.dev/auth/slack/callback']);
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    for (const verb of ['host <repo> [branch] <prompt>', 'usage [@person|#channel|repo]', 'share <session> [#channel|@person]', 'hide <session>', 'link']) expect(hint).toContain(verb);
  });

  it("opens the app's Messages tab, where owners get Kap's DMs about waiting sessions", () => {
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: true });
  });

  it('turns Socket Mode on when asked', () => {
    expect((parse(slackManifest(template, 'https://kap.acme.dev', { socketMode: true }))).settings.socket_mode_enabled).toBe(true);
  });

  it('makes a Socket Mode manifest without a public host: no request URLs, no unfurl domain, no redirect', () => {
    const socket = parse(slackManifest(template, null, { socketMode: true }));
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.features.unfurl_domains).toBeUndefined();
    expect(socket.features.slash_commands[0].url).toBeUndefined();
    expect(socket.features.slash_commands[0].command).toBe('/kap');
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.event_subscriptions.bot_events).toContain('link_shared');
    expect(socket.oauth_config.redirect_urls).toBeUndefined();
    expect(() => slackManifest(template, null)).toThrow(/KAP_PUBLIC_URL/);
  });
});
