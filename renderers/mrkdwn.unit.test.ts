import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMrkdwn, literalMrkdwn, mrkdwnLink } from './mrkdwn.js';

describe('mrkdwn escaping (https://api.slack.com/reference/surfaces/formatting#escaping)', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn(`<!channel> & <@U1> "quotes" 'x' > 1`)).toBe(`&lt;!channel&gt; &amp; &lt;@U1&gt; "quotes" 'x' &gt; 1`);
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });

  it('shows formatting characters literally by swapping them for look-alikes', () => {
    expect(literalMrkdwn('*b* _i_ ~s~ `c` <x>')).toBe('∗b∗ ˍiˍ ∼s∼ ˋcˋ &lt;x&gt;');
  });

  it('keeps formatting characters inside a code span, which Slack shows as written', () => {
    expect(codeSpan('feat/*x*_y_<z>')).toBe('`feat/*x*_y_&lt;z&gt;`');
    expect(codeSpan('a`b\nc')).toBe('`aˋb c`');
    expect(codeSpan('  ')).toBe('');
  });

  it('escapes a link URL and keeps a | in it from ending the URL', () => {
    expect(mrkdwnLink('https://k.example/s?a=1&b=<2>|3', 'label')).toBe('<https://k.example/s?a=1&amp;b=&lt;2&gt;%7C3|label>');
  });
});
