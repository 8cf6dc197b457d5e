/**
 * Slack's documented Block Kit limits as data, a checker, and visible truncation.
 *
 * Sources: https://api.slack.com/reference/block-kit/blocks (blocks per message, section, header, context,
 * actions, image, block_id), https://api.slack.com/reference/block-kit/block-elements#button (button) and
 * https://api.slack.com/reference/block-kit/composition-objects#text (text object: 1 to 3000 characters).
 * Slack rejects a message that breaks one (`invalid_blocks`), so the cards are built to fit and the tests
 * run every card through `checkBlocks`. Lengths are counted in UTF-16 code units (`string.length`), which
 * is never less than the characters Slack counts, so a text that fits here fits there.
 */
import type { Block, ButtonElement, ImageElement, TextObject } from './blockKit.js';

export const SLACK_LIMITS = {
  /** Blocks in one message (or one unfurl attachment). */
  blocksPerMessage: 50,
  /** Any text object: at least 1 character, at most 3000. */
  textObject: 3000,
  /** `section.text`. */
  sectionText: 3000,
  /** `section.fields`: at most 10 items… */
  sectionFields: 10,
  /** …of at most 2000 characters each. */
  sectionFieldText: 2000,
  /** `header.text` (plain_text only). */
  headerText: 150,
  /** `context.elements`. */
  contextElements: 10,
  /** `actions.elements`. */
  actionsElements: 25,
  /** Button `text`. */
  buttonText: 75,
  /** Button `value`. */
  buttonValue: 2000,
  /** Button `url`. */
  buttonUrl: 3000,
  /** Any `action_id`. */
  actionId: 255,
  /** Image block / element `alt_text`. */
  imageAltText: 2000,
  /** Image block / element `image_url`. */
  imageUrl: 3000,
  /** Image block `title`. */
  imageTitle: 2000,
  /** Any `block_id` (also unique within a message). */
  blockId: 255,
} as const;

/** Every broken limit, e.g. `blocks[3] (section).fields[2].text: 2105 characters, over 2000`; `[]` when valid. */
export function checkBlocks(blocks: readonly Block[]): string[] {
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  const over = (where: string, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) problems.push(`${where}: ${value.length} characters, over ${max}`);
  };
  const text = (where: string, t: TextObject | undefined, max: number) => {
    if (t === undefined) return;
    if (t.text.length === 0) problems.push(`${where}: empty text (Slack needs at least 1 character)`);
    over(`${where}.text`, t.text, Math.min(max, L.textObject));
  };
  const image = (where: string, img: ImageElement | { image_url: string; alt_text: string }) => {
    over(`${where}.image_url`, img.image_url, L.imageUrl);
    over(`${where}.alt_text`, img.alt_text, L.imageAltText);
  };
  const actionIds = new Set<string>();
  const button = (where: string, b: ButtonElement) => {
    text(where, b.text, L.buttonText);
    if (b.text.type !== 'plain_text') problems.push(`${where}.text: must be plain_text`);
    over(`${where}.value`, b.value, L.buttonValue);
    over(`${where}.url`, b.url, L.buttonUrl);
    over(`${where}.action_id`, b.action_id, L.actionId);
    if (b.action_id !== undefined) {
      if (actionIds.has(b.action_id)) problems.push(`${where}.action_id: "${b.action_id}" used twice`);
      actionIds.add(b.action_id);
    }
  };

  if (blocks.length > L.blocksPerMessage) problems.push(`blocks: ${blocks.length} blocks, over ${L.blocksPerMessage}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `blocks[${i}] (${block.type})`;
    if (block.block_id !== undefined) {
      over(`${at}.block_id`, block.block_id, L.blockId);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id: "${block.block_id}" used twice`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        text(`${at}.text`, block.text, L.headerText);
        if (block.text.type !== 'plain_text') problems.push(`${at}.text: must be plain_text`);
        break;
      case 'section':
        if (block.text === undefined && (block.fields === undefined || block.fields.length === 0)) {
          problems.push(`${at}: needs text or fields`);
        }
        text(`${at}.text`, block.text, L.sectionText);
        if (block.fields && block.fields.length > L.sectionFields) problems.push(`${at}.fields: ${block.fields.length} items, over ${L.sectionFields}`);
        block.fields?.forEach((f, j) => text(`${at}.fields[${j}]`, f, L.sectionFieldText));
        if (block.accessory?.type === 'button') button(`${at}.accessory`, block.accessory);
        else if (block.accessory?.type === 'image') image(`${at}.accessory`, block.accessory);
        break;
      case 'context':
        if (block.elements.length === 0) problems.push(`${at}.elements: empty`);
        if (block.elements.length > L.contextElements) problems.push(`${at}.elements: ${block.elements.length} items, over ${L.contextElements}`);
        block.elements.forEach((e, j) => (e.type === 'image' ? image(`${at}.elements[${j}]`, e) : text(`${at}.elements[${j}]`, e, L.textObject)));
        break;
      case 'actions':
        if (block.elements.length === 0) problems.push(`${at}.elements: empty`);
        if (block.elements.length > L.actionsElements) problems.push(`${at}.elements: ${block.elements.length} items, over ${L.actionsElements}`);
        block.elements.forEach((e, j) => button(`${at}.elements[${j}]`, e));
        break;
      case 'image':
        image(at, block);
        text(`${at}.title`, block.title, L.imageTitle);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  });
  return problems;
}

/** The mark a cut text ends with, so readers see it was cut. */
export const ELLIPSIS = '…';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `encode(text)` if it fits in `max` code units; else the longest grapheme-whole prefix whose encoding
 * plus `…` fits (an emoji, flag or accented letter is never split). `encode` must work character by
 * character (escaping does), so encoding a prefix gives a prefix of the encoding. `max` ≥ 1.
 */
export function clip(text: string, max: number, encode: (s: string) => string = (s) => s): string {
  // Encoding never shrinks text, so nothing past `max` code units can show: cut huge inputs (a pasted
  // megabyte prompt) before segmenting them.
  const head = text.length > max + 8 ? text.slice(0, max + 8) : text;
  const whole = encode(head);
  if (head === text && whole.length <= max) return whole;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const { segment } of segmenter.segment(head)) {
    const next = encode(segment);
    if (out.length + next.length > budget) break;
    out += next;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/** Like `clip`, but keeps the end (`…/refunds/rounding.ts`): for paths, whose file name matters most. */
export function clipStart(text: string, max: number, encode: (s: string) => string = (s) => s): string {
  const tail = text.length > max + 8 ? text.slice(text.length - max - 8) : text;
  const whole = encode(tail);
  if (tail === text && whole.length <= max) return whole;
  const budget = max - ELLIPSIS.length;
  const parts = [...segmenter.segment(tail)].map((s) => s.segment);
  let out = '';
  for (let i = parts.length - 1; i >= 0; i--) {
    const next = encode(parts[i]!);
    if (out.length + next.length > budget) break;
    out = next + out;
  }
  return `${ELLIPSIS}${out.trimStart()}`;
}
