import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMrkdwn, literalMrkdwn, markdownMrkdwn, mrkdwnLink } from './mrkdwn.js';

describe('mrkdwn escaping (https://docs.slack.dev/messaging/formatting-message-text#escaping)', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn(`<!channel> & <@U1> "quotes" 'x' > 1`)).toBe(`&lt;!channel&gt; &amp; &lt;@U1&gt; "quotes" 'x' &gt; 1`);
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('escapes user text with the three entities only: formatting characters stay as typed (copyable)', () => {
    expect(literalMrkdwn('*b* _i_ ~s~ `npm test` snake_case <x>')).toBe('*b* _i_ ~s~ `npm test` snake_case &lt;x&gt;');
  });

  it('no user text forms a mention or a link', () => {
    for (const hostile of ['<!channel>', '<!here|here>', '<@U123>', '<#C1|general>', '<https://evil.example|click>', '<!subteam^S1>']) {
      for (const shown of [literalMrkdwn(hostile), markdownMrkdwn(hostile), codeSpan(hostile)]) expect(shown).not.toMatch(/<[!@#h]/);
    }
  });

  it('keeps the model’s code spans and fenced blocks as code, escaped, and makes **bold** Slack’s *bold* outside code', () => {
    expect(markdownMrkdwn('Run `npm run test_all -- --grep "a<b"` then **fix** `a**b**`')).toBe('Run `npm run test_all -- --grep "a&lt;b"` then *fix* `a**b**`');
    expect(markdownMrkdwn('```\nconst x = a && b;\n```')).toBe('```\nconst x = a &amp;&amp; b;\n```');
    expect(markdownMrkdwn('a &lt; b **c**', { escaped: true })).toBe('a &lt; b *c*');
  });

  it('keeps formatting characters inside a code span; text with a backtick is shown plain, exactly', () => {
    expect(codeSpan('feat/*x*_y_<z>')).toBe('`feat/*x*_y_&lt;z&gt;`');
    expect(codeSpan('a`b\nc')).toBe('a`b c');
    expect(codeSpan('  ')).toBe('');
  });

  it('escapes a link URL and keeps a | in it from ending the URL', () => {
    expect(mrkdwnLink('https://k.example/s?a=1&b=<2>|3', 'label')).toBe('<https://k.example/s?a=1&amp;b=&lt;2&gt;%7C3|label>');
  });
});
