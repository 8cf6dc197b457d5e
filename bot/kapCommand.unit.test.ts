import { describe, expect, it } from 'vitest';
import { parseKapCommand } from './kapCommand.js';

const BASE = 'https://kap.acme.dev';

describe('/kap command text', () => {
  it('reads help, and an empty command as help', () => {
    expect(parseKapCommand('help', BASE)).toEqual({ kind: 'help' });
    expect(parseKapCommand('   ', BASE)).toEqual({ kind: 'help' });
  });

  it('reads a session as a link (escaped or not, signed or not), an id, or a user mention', () => {
    const id = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';
    expect(parseKapCommand(`recap <${BASE}/s/${id}?exp=1&sig=ab|${BASE}/s/${id}>`, BASE)).toEqual({ kind: 'recap', session: { kind: 'session', sessionId: id } });
    expect(parseKapCommand(`recap ${BASE}/s/${id}`, BASE)).toEqual({ kind: 'recap', session: { kind: 'session', sessionId: id } });
    expect(parseKapCommand(`recap ${id}`, BASE)).toEqual({ kind: 'recap', session: { kind: 'session', sessionId: id } });
    expect(parseKapCommand('recap <@U0DANA|dana>', BASE)).toEqual({ kind: 'recap', session: { kind: 'user', userId: 'U0DANA' } });
  });

  it('reads a handoff with and without a teammate', () => {
    expect(parseKapCommand('handoff abc-1 <@U0JO>', BASE)).toEqual({ kind: 'handoff', session: { kind: 'session', sessionId: 'abc-1' }, teammate: 'U0JO' });
    expect(parseKapCommand('handoff abc-1', BASE)).toEqual({ kind: 'handoff', session: { kind: 'session', sessionId: 'abc-1' }, teammate: null });
  });

  it('says what is wrong with other text', () => {
    expect(parseKapCommand('deploy prod', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a Kap command') });
    expect(parseKapCommand('recap', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Say which session') });
    expect(parseKapCommand('recap https://example.com/s/x', BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand('recap ../../etc/passwd', BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand('handoff abc-1 dana', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a teammate') });
  });
});

describe('/kap host', () => {
  it('reads the repository and the words that follow (a branch, maybe, then the prompt)', () => {
    expect(parseKapCommand('host web fix/login make the login form accessible', BASE)).toEqual({ kind: 'host', repo: 'web', words: ['fix/login', 'make', 'the', 'login', 'form', 'accessible'] });
    expect(parseKapCommand('host web', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/kap host <repo>') });
  });
});

describe('/kap host prompt text', () => {
  it('is what was typed, not Slack\'s escaped wire text', () => {
    expect(parseKapCommand('host web fix a &lt; b in <https://x.io/a|the doc>', BASE)).toEqual({ kind: 'host', repo: 'web', words: ['fix', 'a', '<', 'b', 'in', 'the', 'doc', '(https://x.io/a)'] });
  });
});

describe('/kap share, hide and link', () => {
  it('reads a share with no target (this channel), an escaped #channel (with or without its name) and an @person', () => {
    expect(parseKapCommand('share abc-1', BASE)).toEqual({ kind: 'share', sessionId: 'abc-1', target: null });
    expect(parseKapCommand(`share <${BASE}/s/abc-1> <#C0TEAM|team>`, BASE)).toEqual({ kind: 'share', sessionId: 'abc-1', target: { kind: 'channel', channel: 'C0TEAM' } });
    expect(parseKapCommand('share abc-1 <#G0PRIV>', BASE)).toEqual({ kind: 'share', sessionId: 'abc-1', target: { kind: 'channel', channel: 'G0PRIV' } });
    expect(parseKapCommand('share abc-1 <@U0JO|jo>', BASE)).toEqual({ kind: 'share', sessionId: 'abc-1', target: { kind: 'person', userId: 'U0JO' } });
  });

  it('reads hide and link', () => {
    expect(parseKapCommand('hide abc-1', BASE)).toEqual({ kind: 'hide', sessionId: 'abc-1' });
    expect(parseKapCommand('link', BASE)).toEqual({ kind: 'link' });
  });

  it('says what is wrong: no session, a user instead of a session, a target Slack did not escape, extra words', () => {
    expect(parseKapCommand('share', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Say which session') });
    expect(parseKapCommand('hide <@U0DANA>', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a Kap session link') });
    expect(parseKapCommand('share abc-1 #team', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a channel or a person') });
    expect(parseKapCommand('share abc-1 <#C0TEAM> <@U0JO>', BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand('hide abc-1 <#C0TEAM>', BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand('link abc', BASE)).toMatchObject({ kind: 'invalid' });
  });

  it('lists share, hide and link in the help', () => {
    const help = parseKapCommand('nope', BASE);
    expect(help).toMatchObject({ kind: 'invalid' });
    for (const verb of ['/kap share', '/kap hide', '/kap link']) expect((help as { message: string }).message).toContain(verb);
  });

  it('reads eval with a session link or id only, and lists it in the help', () => {
    const id = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';
    expect(parseKapCommand(`eval <${BASE}/s/${id}?exp=1&sig=ab|${BASE}/s/${id}>`, BASE)).toEqual({ kind: 'eval', sessionId: id });
    expect(parseKapCommand(`eval ${id}`, BASE)).toEqual({ kind: 'eval', sessionId: id });
    expect(parseKapCommand('eval', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Say which session') });
    expect(parseKapCommand('eval <@U0DANA|dana>', BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand(`eval ${id} extra`, BASE)).toMatchObject({ kind: 'invalid' });
    expect(parseKapCommand('eval ../../etc/passwd', BASE)).toMatchObject({ kind: 'invalid' });
    expect((parseKapCommand('nope', BASE) as { message: string }).message).toContain('/kap eval');
  });
});
