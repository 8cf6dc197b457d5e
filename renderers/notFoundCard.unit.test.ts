import { describe, expect, it } from 'vitest';
import { buildNotFoundCard } from './notFoundCard.js';
import { checkBlocks } from './slackLimits.js';

describe('the session-not-found card', () => {
  it('names the unknown session', () => {
    const { blocks, text } = buildNotFoundCard('3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d');
    expect(checkBlocks(blocks)).toEqual([]);
    expect(blocks[0]).toMatchObject({
      type: 'section',
      text: { type: 'mrkdwn', text: ':grey_question: *Session not found*\nKap has no session `3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d`. It may have been deleted, or the link is mistyped.' },
    });
    expect(text).toBe('Kap: session `3f2b8c1e-9d4a-4e7b-a1c2-5e6f7a8b9c0d` not found');
  });

  it('shows a hostile or huge id escaped and cut', () => {
    const { blocks, text } = buildNotFoundCard(`<!channel>\`*x*${'9'.repeat(10_000)}`);
    expect(checkBlocks(blocks)).toEqual([]);
    const shown = (blocks[0] as { text: { text: string } }).text.text;
    expect(shown).toContain('`&lt;!channel&gt;ˋ*x*999');
    expect(shown).toContain('…`');
    expect(shown.length).toBeLessThan(300);
    expect(text).not.toContain('<!channel>');
  });

  it('still reads for an empty id', () => {
    const { blocks, text } = buildNotFoundCard('');
    expect(checkBlocks(blocks)).toEqual([]);
    expect(text).toBe('Kap: this session not found');
  });
});
