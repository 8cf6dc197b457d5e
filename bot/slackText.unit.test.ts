import { describe, expect, it } from 'vitest';
import { slackTextToPlain } from './slackText.js';

describe('Slack wire text → what was typed', () => {
  it('decodes entities and unwraps links, keeping mentions', () => {
    expect(slackTextToPlain('why is a &lt; b &amp;&amp; c &gt; d, see <https://x.io>')).toBe('why is a < b && c > d, see https://x.io');
    expect(slackTextToPlain('read <https://x.io/a|the doc> and <mailto:jo@x.io|jo@x.io>')).toBe('read the doc (https://x.io/a) and jo@x.io');
    expect(slackTextToPlain('ask <@U0JO|jo> in <#C0TEAM|team>, <!here>')).toBe('ask <@U0JO|jo> in #team, @here');
    expect(slackTextToPlain('&amp;lt; stays literal')).toBe('&lt; stays literal');
  });
});
