import { describe, expect, it } from 'vitest';
import type { Block, ButtonElement } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { checkBlocks, clip, clipStart, ELLIPSIS, SLACK_LIMITS } from './slackLimits.js';

const x = (n: number) => 'x'.repeat(n);
const button = (over: Partial<ButtonElement> = {}): ButtonElement => ({ type: 'button', text: plain('Go'), action_id: 'go', value: 'v', ...over });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });

describe('checkBlocks', () => {
  it('passes a valid message at every limit exactly', () => {
    const L = SLACK_LIMITS;
    const blocks: Block[] = [
      { type: 'header', block_id: x(L.blockId), text: plain(x(L.headerText)) },
      { type: 'section', text: mrkdwn(x(L.sectionText)), fields: Array.from({ length: L.sectionFields }, () => mrkdwn(x(L.sectionFieldText))) },
      { type: 'context', elements: Array.from({ length: L.contextElements }, () => mrkdwn('c')) },
      { type: 'image', image_url: `https://${x(L.imageUrl - 8)}`, alt_text: x(L.imageAltText) },
      { type: 'actions', elements: Array.from({ length: L.actionsElements }, (_, i) => button({ action_id: `${i}`.padEnd(L.actionId, 'a'), text: plain(x(L.buttonText)), value: x(L.buttonValue) })) },
      { type: 'actions', elements: [button({ action_id: 'link', url: `https://${x(L.buttonUrl - 8)}` })] },
      ...Array.from({ length: L.blocksPerMessage - 6 }, () => ({ type: 'divider' }) as const),
    ];
    expect(blocks).toHaveLength(50);
    expect(checkBlocks(blocks)).toEqual([]);
  });

  it.each<[string, Block[], string]>([
    ['more than 50 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' }) as const), 'blocks: 51 blocks, over 50'],
    ['a section text over 3000', [section(x(3001))], 'blocks[0] (section).text.text: 3001 characters, over 3000'],
    ['more than 10 section fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }], 'blocks[0] (section).fields: 11 items, over 10'],
    ['a section field over 2000', [{ type: 'section', fields: [mrkdwn('ok'), mrkdwn(x(2001))] }], 'blocks[0] (section).fields[1].text: 2001 characters, over 2000'],
    ['a section with neither text nor fields', [{ type: 'section' }], 'blocks[0] (section): needs text or fields'],
    ['an empty text', [section('')], 'blocks[0] (section).text: empty text (Slack needs at least 1 character)'],
    ['a header over 150', [{ type: 'header', text: plain(x(151)) }], 'blocks[0] (header).text.text: 151 characters, over 150'],
    ['a mrkdwn header', [{ type: 'header', text: mrkdwn('h') as never }], 'blocks[0] (header).text: must be plain_text'],
    ['more than 10 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }], 'blocks[0] (context).elements: 11 items, over 10'],
    ['a context text over 3000', [{ type: 'context', elements: [plain(x(3001))] }], 'blocks[0] (context).elements[0].text: 3001 characters, over 3000'],
    ['more than 25 actions', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })) }], 'blocks[0] (actions).elements: 26 items, over 25'],
    ['a button text over 75', [{ type: 'actions', elements: [button({ text: plain(x(76)) })] }], 'blocks[0] (actions).elements[0].text: 76 characters, over 75'],
    ['a button value over 2000', [{ type: 'actions', elements: [button({ value: x(2001) })] }], 'blocks[0] (actions).elements[0].value: 2001 characters, over 2000'],
    ['a button url over 3000', [{ type: 'actions', elements: [button({ url: x(3001) })] }], 'blocks[0] (actions).elements[0].url: 3001 characters, over 3000'],
    ['an action_id over 255', [{ type: 'actions', elements: [button({ action_id: x(256) })] }], 'blocks[0] (actions).elements[0].action_id: 256 characters, over 255'],
    ['an action_id used twice', [{ type: 'actions', elements: [button(), button()] }], 'blocks[0] (actions).elements[1].action_id: "go" used twice'],
    ['an image alt_text over 2000', [{ type: 'image', image_url: 'https://i', alt_text: x(2001) }], 'blocks[0] (image).alt_text: 2001 characters, over 2000'],
    ['an image_url over 3000', [{ type: 'image', image_url: x(3001), alt_text: 'a' }], 'blocks[0] (image).image_url: 3001 characters, over 3000'],
    ['an image accessory alt_text over 2000', [{ type: 'section', text: mrkdwn('s'), accessory: { type: 'image', image_url: 'https://i', alt_text: x(2001) } }], 'blocks[0] (section).accessory.alt_text: 2001 characters, over 2000'],
    ['a button accessory text over 75', [{ type: 'section', text: mrkdwn('s'), accessory: button({ text: plain(x(76)) }) }], 'blocks[0] (section).accessory.text: 76 characters, over 75'],
    ['a block_id over 255', [{ type: 'divider', block_id: x(256) }], 'blocks[0] (divider).block_id: 256 characters, over 255'],
    ['a block_id used twice', [{ type: 'divider', block_id: 'd' }, { type: 'divider', block_id: 'd' }], 'blocks[1] (divider).block_id: "d" used twice'],
    ['an unknown block type', [{ type: 'carousel' } as unknown as Block], 'blocks[0] (carousel): unknown block type'],
  ])('catches %s', (_name, blocks, problem) => {
    expect(checkBlocks(blocks)).toEqual([problem]);
  });

  it('counts UTF-16 code units, so an emoji-heavy text is measured on the safe side', () => {
    expect(checkBlocks([{ type: 'header', text: plain('😀'.repeat(76)) }])).toEqual(['blocks[0] (header).text.text: 152 characters, over 150']);
  });
});

describe('clip', () => {
  it('returns text that fits unchanged', () => {
    expect(clip('hello', 5)).toBe('hello');
  });

  it('cuts with an ellipsis inside the limit', () => {
    expect(clip('hello world', 8)).toBe(`hello w${ELLIPSIS}`);
    expect(clip(x(1_000_000), 150)).toHaveLength(150);
  });

  it('never splits a grapheme (emoji sequence, flag, combining accent)', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 code units
    expect(clip(`ab${family}cd`, 12)).toBe(`ab${ELLIPSIS}`);
    expect(clip(`ab${family}cd`, 14)).toBe(`ab${family}${ELLIPSIS}`);
    expect(clip('🇺🇦🇺🇦', 4)).toBe(ELLIPSIS);
    expect(clip('ae\u0301e\u0301', 3)).toBe(`a${ELLIPSIS}`);
  });

  it('fits the encoded text, never cutting inside an entity', () => {
    const out = clip('a & b & c & d', 12, escapeMrkdwn);
    expect(out).toBe(`a &amp; b${ELLIPSIS}`);
    expect(out.length).toBeLessThanOrEqual(12);
  });

  it('clipStart keeps the end of a path', () => {
    expect(clipStart('src/refunds/rounding.ts', 15)).toBe(`${ELLIPSIS}ds/rounding.ts`);
    expect(clipStart('short.ts', 15)).toBe('short.ts');
    expect(clipStart(`${x(1_000_000)}/a<b.ts`, 10, escapeMrkdwn)).toBe(`${ELLIPSIS}a&lt;b.ts`);
  });
});
