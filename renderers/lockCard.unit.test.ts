import { describe, expect, it } from 'vitest';
import { buildLockCard, ownerLabel } from './lockCard.js';
import { checkBlocks } from './slackLimits.js';

describe('the lock card', () => {
  it('names the owner as a Slack mention, and carries no buttons, image or session text', () => {
    const { blocks, text } = buildLockCard({ slackUserId: 'U0DANA', name: 'Dana Reyes' });
    expect(checkBlocks(blocks)).toEqual([]);
    const json = JSON.stringify(blocks);
    expect(json).toContain("<@U0DANA>'s Claude Code session");
    expect(json).not.toContain('Dana Reyes');
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(json).not.toMatch(/"button"|"image"|kap_recap|kap_continue/);
    expect(text).toBe("Kap: <@U0DANA>'s session is private here");
  });

  it('names the owner by name when Slack does not know them, escaped and cut', () => {
    expect(ownerLabel({ slackUserId: null, name: 'Dana Reyes' })).toBe('Dana Reyes');
    const hostile = buildLockCard({ slackUserId: null, name: `<!channel> *x* ${'a'.repeat(500)}` });
    expect(checkBlocks(hostile.blocks)).toEqual([]);
    const shown = JSON.stringify(hostile.blocks);
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('…');
  });

  it('says "Someone" when nothing is known, and never mentions an id that is not a Slack user id', () => {
    expect(ownerLabel({ slackUserId: null, name: null })).toBe('Someone');
    expect(ownerLabel({ slackUserId: '!here', name: null })).toBe('Someone');
    expect(ownerLabel({ slackUserId: 'U0DANA>|x', name: 'Dana' })).toBe('Dana');
  });
});
